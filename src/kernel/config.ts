import { createHmac } from 'node:crypto';
import type { RateRule } from './rate-limiter';

/**
 * Configuration from the environment, validated once at start. Every bad
 * value is reported with the variable's name and what would be accepted.
 */
export interface Config {
  nodeEnv: string;
  port: number;
  host: string;
  databaseUrl: string | null;
  embeddedPostgres: { dataDir: string; port: number };
  redisUrl: string | null;
  jwtSecret: string;
  jwtTtlSeconds: number;
  admin: { email: string; password: string } | null;
  seedDemoData: boolean;
  publicUrl: string | null;
  /**
   * Development defaults in force (the built-in JWT secret, the demo admin,
   * the test payment provider). While any is, the server listens on
   * 127.0.0.1 unless HOST is set, and says so at start.
   */
  devDefaults: string[];
  limits: OperationLimits & { maxBodyBytes: number };
  /** Throttles on credentials and anonymous writes (see src/server/throttles.ts). */
  throttles: {
    signInPerAccountAddress: RateRule;
    signInPerAccount: RateRule;
    signUpPerAddress: RateRule;
    /** signIn, signUp, acceptInvitation and password mutations together, per client address. */
    credentialsPerAddress: RateRule;
    /** One price impression per visitor and course per window. */
    priceImpressionWindowSeconds: number;
    /** How often noted impressions are written (one INSERT per flush). */
    priceImpressionFlushMs: number;
  };
  /** How many reverse proxies in front of this server append to X-Forwarded-For (0: use the socket's address). */
  trustProxyHops: number;
  exposeSqlCount: boolean;
  /** Compile a query document (graphql-jit) on its nth execution; 0: graphql-js interprets every operation. */
  graphqlCompileAfter: number;
  /**
   * Decoded course rows (the course, its card, its creator) kept per instance by their row versions
   * (src/catalog/course-cards.ts): every read still asks PostgreSQL which version is current; 0 turns it off.
   */
  courseRowCacheSize: number;
  /**
   * How far V8 lets the heap grow past what the last full collection kept, in percent ((1 + p/100)×); 0 leaves it
   * to V8. Under request load V8 picks up to 4×: 71 MiB live became a 290 MiB heap and 430 MiB RSS.
   */
  heapGrowthPercent: number;
  /**
   * The anonymous response cache (src/server/response-cache): public catalog reads answered from memory (and Redis
   * when REDIS_URL is set), dropped by the domain events of what they show; `ttlSeconds` is only the backstop.
   */
  responseCache: { enabled: boolean; ttlSeconds: number; maxEntries: number; maxMiB: number; maxAgeSeconds: number };
  jobs: { work: boolean; pollingIntervalSeconds: number };
  payments: {
    provider: 'stripe' | 'test';
    stripeSecretKey: string | null;
    stripeWebhookSecret: string | null;
    stripeApiUrl: string | null;
    /** Longest one call to the payment provider may take (the SDK's timeout; one retry at most). Never inside a database transaction. */
    providerTimeoutMs: number;
  };
  commerce: {
    /** Creator's share of sales and renewals, in basis points (8000 = 80%); the platform keeps the rest. */
    creatorShareBps: number;
    /** Creator's share of tips, in basis points. */
    tipCreatorShareBps: number;
    refundWindowDays: number;
    /** Refunds are refused once the learner has completed this share of the order's lessons (percent). */
    refundMaxProgressPercent: number;
    /** Delay between renewal payment retries; access lasts through `renewalRetries` of them. */
    renewalRetrySeconds: number;
    renewalRetries: number;
    /** Days before a period ends that the "renews soon" mail goes out (0: never). */
    renewalReminderDays: number;
    /** An unpaid checkout is canceled this long after it was placed, and its coupon redemption returned. */
    pendingOrderTtlSeconds: number;
    /** Provider attempts for one approved refund before it is FAILED; retries back off from `refundRetrySeconds`, doubling. */
    refundMaxAttempts: number;
    refundRetrySeconds: number;
  };
  /** Per-user chat send limit: `messages` per `windowSeconds` (raised for benchmarks). */
  chatRateLimit: { messages: number; windowSeconds: number };
  /** graphql-ws: ping interval (0 turns keepalive off) and the most subscriptions one connection may hold. */
  websocket: { keepAliveMs: number; maxSubscriptions: number };
  /** Model module: micro-batching of concurrent recommendation scoring (false: each request scores alone). */
  ml: {
    batching: { maxBatch: number; maxWaitMs: number } | false;
    /** Viewers' recommendation lists kept per instance (keyed by model and activity version); 0 turns the cache off. */
    recommendationCacheSize: number;
  };
  /**
   * Moderation policy overrides: per content kind, the bad-content score (1 − p(ok)) at which text is queued for review
   * (still published), held, or rejected, and the share of fine traffic. Kinds absent here (all, unless
   * MODERATION_THRESHOLDS is set) and a null okPrior use the served audit model's calibrated policy.
   */
  moderation: { thresholds: Partial<Record<string, ModerationThresholds>>; okPrior: number | null; appealWindowDays: number; reportsToEscalate: number };
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** One JSON object per line (production default), or pretty lines for people (elsewhere). */
  logFormat: 'json' | 'pretty';
  /**
   * Prometheus metrics: on a port of their own (`port`, no token needed unless set), else on the public
   * port behind `Authorization: Bearer <token>`, else (outside production only) open on the public port.
   */
  metrics: { port: number | null; host: string; token: string | null; openOnPublicPort: boolean };
  /** After SIGTERM, /readyz answers 503 for this long before the server stops accepting, so a load balancer can take it out first. */
  shutdownDelaySeconds: number;
  /** Partner API keys: a token bucket per key (`burst` calls, refilled at `refillPerMinute`). */
  apiKeyRateLimit: { burst: number; refillPerMinute: number };
  /** Set-password invitations for customers created by partner sales. */
  invitationTtlHours: number;
  /**
   * Outbound partner webhooks. `allowPrivateHosts` lets endpoints on loopback
   * and private networks through (local development and tests); link-local
   * and cloud-metadata addresses are refused regardless.
   */
  webhooks: { allowPrivateHosts: boolean; retryBaseMs: number; retryMaxMs: number; maxAttempts: number; timeoutMs: number };
  /**
   * Signed, expiring links to paid lesson media: HMAC-SHA256 with `signingKey` over the
   * URL's path and its expiry, valid for `urlTtlSeconds` (src/catalog/media-signing.ts).
   */
  media: { signingKey: string; urlTtlSeconds: number };
  /** Live sessions: the join link appears, and reminders go out, this many minutes before the start. */
  live: { joinWindowMinutes: number };
  /**
   * Transactional mail (src/mail). `smtpUrl` null: no SMTP configured, each
   * message is written to `dir` as an .eml file and its path logged (the
   * development default). `linkBaseUrl` starts the links mails carry (the
   * storefront). `autoVerifyEmail` (EMAIL_AUTO_VERIFY, refused in production)
   * marks sign-ups verified at once: a development and test convenience.
   */
  mail: { smtpUrl: string | null; from: string; dir: string; linkBaseUrl: string; autoVerifyEmail: boolean };
  /** Lifetimes of account tokens mailed to users. */
  accounts: { verifyEmailTtlHours: number; passwordResetTtlMinutes: number };
}

/** What one GraphQL operation may ask for (enforced by src/server/operation-limits.ts). */
export interface OperationLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxRootFields: number;
  maxDirectives: number;
  maxTokens: number;
  /** Field selections once every fragment spread is expanded. */
  maxFields: number;
  maxDocumentBytes: number;
  introspection: boolean;
}

export interface ModerationThresholds {
  review: number;
  hold: number;
  /** Above 1: never reject outright, only hold. */
  reject: number;
}

export const MODERATION_KINDS = ['COURSE', 'LESSON', 'COMMENT', 'REVIEW', 'CHAT_MESSAGE', 'PROFILE', 'TIP'] as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const DEV_JWT_SECRET = 'knowpay-development-secret-change-me-0123456789';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV ?? 'development';
  const production = nodeEnv === 'production';

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}=${JSON.stringify(raw)} must be an integer between ${min} and ${max}`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    problems.push(`${name}=${JSON.stringify(raw)} must be true or false`);
    return fallback;
  };
  const url = (name: string, protocols: string[]): string | null => {
    const raw = env[name];
    if (raw === undefined || raw === '') return null;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) throw new Error();
      return raw;
    } catch {
      problems.push(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return null;
    }
  };

  /** "10/900": 10 per 900 seconds. */
  const rule = (name: string, fallback: RateRule): RateRule => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const match = /^(\d+)\/(\d+)$/.exec(raw.trim());
    const [limit, windowSeconds] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
    if (!match || limit < 1 || limit > 1_000_000_000 || windowSeconds < 1 || windowSeconds > 30 * 24 * 3600) {
      problems.push(`${name}=${JSON.stringify(raw)} must look like COUNT/SECONDS, e.g. 10/900 (count 1..1e9, seconds 1..2592000)`);
      return fallback;
    }
    return { limit, windowSeconds };
  };

  const port = int('PORT', 4000, 0, 65535);
  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = url('REDIS_URL', ['redis:', 'rediss:']);
  const publicUrl = url('PUBLIC_URL', ['http:', 'https:']);

  let jwtSecret = env.JWT_SECRET ?? '';
  if (!jwtSecret) {
    if (production) problems.push('JWT_SECRET is required when NODE_ENV=production (32 or more random characters)');
    jwtSecret = DEV_JWT_SECRET;
  } else if (jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters long');
  }

  const adminEmail = env.KNOWPAY_ADMIN_EMAIL;
  const adminPassword = env.KNOWPAY_ADMIN_PASSWORD;
  let admin: Config['admin'] = null;
  if (adminEmail || adminPassword) {
    if (!adminEmail || !EMAIL.test(adminEmail)) problems.push('KNOWPAY_ADMIN_EMAIL must be an email address (set it together with KNOWPAY_ADMIN_PASSWORD)');
    if (!adminPassword || adminPassword.length < 8)
      problems.push('KNOWPAY_ADMIN_PASSWORD must be at least 8 characters (set it together with KNOWPAY_ADMIN_EMAIL)');
    if (adminEmail && adminPassword) admin = { email: adminEmail, password: adminPassword };
  } else if (!production) {
    admin = { email: 'admin@knowpay.local', password: 'knowpay-admin' };
  }

  // Media links are signed with their own key when one is given; else with one derived from JWT_SECRET (so production always has a secret one).
  let mediaSigningKey = env.MEDIA_SIGNING_KEY ?? '';
  if (mediaSigningKey && mediaSigningKey.length < 32) problems.push('MEDIA_SIGNING_KEY must be at least 32 characters long');
  if (!mediaSigningKey) mediaSigningKey = createHmac('sha256', jwtSecret).update('knowpay media url signing').digest('base64url');

  const logLevel = (env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'info')) as Config['logLevel'];
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) problems.push('LOG_LEVEL must be one of debug, info, warn, error, silent');

  const logFormat = (env.LOG_FORMAT || (production ? 'json' : 'pretty')) as Config['logFormat'];
  if (!['json', 'pretty'].includes(logFormat)) problems.push('LOG_FORMAT must be json or pretty');
  const metricsToken = env.METRICS_TOKEN || null;
  if (metricsToken && metricsToken.length < 16) problems.push('METRICS_TOKEN must be at least 16 characters long');
  const metricsPort = env.METRICS_PORT ? int('METRICS_PORT', 0, 0, 65535) : null;

  const stripeSecretKey = env.STRIPE_SECRET_KEY || null;
  const stripeWebhookSecret = env.STRIPE_WEBHOOK_SECRET || null;
  if (stripeSecretKey && !/^(sk|rk)_(test|live)_\w+/.test(stripeSecretKey))
    problems.push('STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_… or sk_live_…)');
  if (stripeSecretKey && !stripeWebhookSecret)
    problems.push('STRIPE_WEBHOOK_SECRET (whsec_…) is required with STRIPE_SECRET_KEY: payments settle only through signed webhooks');
  if (stripeWebhookSecret && !stripeWebhookSecret.startsWith('whsec_')) problems.push('STRIPE_WEBHOOK_SECRET must start with whsec_');
  if (!stripeSecretKey && production)
    problems.push('STRIPE_SECRET_KEY is required when NODE_ENV=production (the built-in test payment provider never runs in production)');
  const stripeApiUrl = url('STRIPE_API_URL', ['http:', 'https:']);
  const percent = (name: string, fallback: number) => int(name, fallback, 0, 100);

  const smtpUrl = smtpSettings(env, problems, url);
  const autoVerifyEmail = bool('EMAIL_AUTO_VERIFY', false);
  if (autoVerifyEmail && production) problems.push('EMAIL_AUTO_VERIFY is for development and tests only; it is refused when NODE_ENV=production');

  const devDefaults = [
    ...(jwtSecret === DEV_JWT_SECRET ? ['the built-in JWT secret'] : []),
    ...(admin && !adminEmail ? [`the demo admin ${admin.email}`] : []),
    ...(!stripeSecretKey ? ['the test payment provider'] : []),
  ];

  const config: Config = {
    nodeEnv,
    port,
    host: env.HOST || (devDefaults.length ? '127.0.0.1' : '0.0.0.0'),
    devDefaults,
    databaseUrl,
    embeddedPostgres: { dataDir: env.EMBEDDED_PG_DIR || '.data/postgres', port: int('EMBEDDED_PG_PORT', 54329, 1024, 65535) },
    redisUrl,
    jwtSecret,
    jwtTtlSeconds: int('JWT_TTL_SECONDS', 7 * 24 * 3600, 60, 90 * 24 * 3600),
    admin,
    seedDemoData: bool('SEED_DEMO_DATA', databaseUrl === null),
    publicUrl,
    limits: {
      maxDepth: int('GRAPHQL_MAX_DEPTH', 12, 2, 50),
      maxCost: int('GRAPHQL_MAX_COST', 25000, 10, 10_000_000),
      maxBodyBytes: int('GRAPHQL_MAX_BODY_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
      maxAliases: int('GRAPHQL_MAX_ALIASES', 15, 0, 10_000),
      maxRootFields: int('GRAPHQL_MAX_ROOT_FIELDS', 20, 1, 10_000),
      maxDirectives: int('GRAPHQL_MAX_DIRECTIVES', 50, 0, 10_000),
      maxTokens: int('GRAPHQL_MAX_TOKENS', 2000, 100, 1_000_000),
      maxFields: int('GRAPHQL_MAX_FIELDS', 1500, 10, 1_000_000),
      maxDocumentBytes: int('GRAPHQL_MAX_DOCUMENT_BYTES', 100_000, 1024, 64 * 1024 * 1024),
      introspection: bool('GRAPHQL_INTROSPECTION', !production),
    },
    throttles: {
      signInPerAccountAddress: rule('THROTTLE_SIGNIN_PER_ACCOUNT_ADDRESS', { limit: 10, windowSeconds: 900 }),
      signInPerAccount: rule('THROTTLE_SIGNIN_PER_ACCOUNT', { limit: 50, windowSeconds: 3600 }),
      signUpPerAddress: rule('THROTTLE_SIGNUP_PER_ADDRESS', { limit: 20, windowSeconds: 3600 }),
      credentialsPerAddress: rule('THROTTLE_CREDENTIALS_PER_ADDRESS', { limit: 100, windowSeconds: 900 }),
      priceImpressionWindowSeconds: int('PRICE_IMPRESSION_WINDOW_SECONDS', 1800, 1, 7 * 24 * 3600),
      priceImpressionFlushMs: int('PRICE_IMPRESSION_FLUSH_MS', 1000, 10, 3_600_000),
    },
    trustProxyHops: int('TRUST_PROXY', 0, 0, 10),
    exposeSqlCount: bool('EXPOSE_SQL_COUNT', !production),
    graphqlCompileAfter: int('GRAPHQL_COMPILE_AFTER', 2, 0, 1_000_000),
    courseRowCacheSize: int('COURSE_ROW_CACHE_SIZE', 2000, 0, 1_000_000),
    heapGrowthPercent: int('HEAP_GROWTH_PERCENT', 200, 0, 1000),
    responseCache: {
      enabled: bool('RESPONSE_CACHE', true),
      ttlSeconds: int('RESPONSE_CACHE_TTL_SECONDS', 60, 1, 24 * 3600),
      maxEntries: int('RESPONSE_CACHE_MAX_ENTRIES', 2000, 10, 1_000_000),
      maxMiB: int('RESPONSE_CACHE_MAX_MIB', 64, 1, 16 * 1024),
      maxAgeSeconds: int('RESPONSE_CACHE_MAX_AGE_SECONDS', 5, 0, 3600),
    },
    jobs: { work: bool('JOB_WORKERS', true), pollingIntervalSeconds: int('JOB_POLL_SECONDS', 2, 1, 60) },
    payments: {
      provider: stripeSecretKey ? 'stripe' : 'test',
      stripeSecretKey,
      stripeWebhookSecret,
      stripeApiUrl,
      providerTimeoutMs: int('PAYMENT_PROVIDER_TIMEOUT_MS', 10_000, 100, 120_000),
    },
    commerce: {
      creatorShareBps: percent('CREATOR_REVENUE_SHARE_PERCENT', 80) * 100,
      tipCreatorShareBps: percent('TIP_CREATOR_SHARE_PERCENT', 95) * 100,
      refundWindowDays: int('REFUND_WINDOW_DAYS', 14, 0, 365),
      refundMaxProgressPercent: percent('REFUND_MAX_PROGRESS_PERCENT', 30),
      renewalRetrySeconds: int('RENEWAL_RETRY_SECONDS', 24 * 3600, 1, 30 * 24 * 3600),
      renewalRetries: int('RENEWAL_RETRIES', 3, 0, 10),
      renewalReminderDays: int('RENEWAL_REMINDER_DAYS', 3, 0, 30),
      pendingOrderTtlSeconds: int('PENDING_ORDER_TTL_SECONDS', 3600, 1, 30 * 24 * 3600),
      refundMaxAttempts: int('REFUND_MAX_ATTEMPTS', 8, 1, 50),
      refundRetrySeconds: int('REFUND_RETRY_SECONDS', 60, 1, 24 * 3600),
    },
    chatRateLimit: { messages: int('CHAT_RATE_LIMIT', 20, 1, 1_000_000), windowSeconds: int('CHAT_RATE_WINDOW_SECONDS', 10, 1, 3600) },
    websocket: { keepAliveMs: int('WS_KEEPALIVE_MS', 12_000, 0, 600_000), maxSubscriptions: int('WS_MAX_SUBSCRIPTIONS', 20, 1, 1000) },
    ml: mlConfig(int('ML_BATCH_WAIT_MS', 2, 0, 100), int('ML_BATCH_SIZE', 64, 1, 4096), int('RECOMMENDATION_CACHE_SIZE', 20_000, 0, 10_000_000)),
    moderation: {
      thresholds: moderationThresholds(env.MODERATION_THRESHOLDS, problems),
      okPrior: env.MODERATION_OK_PRIOR_PERCENT ? int('MODERATION_OK_PRIOR_PERCENT', 90, 1, 99) / 100 : null,
      appealWindowDays: int('MODERATION_APPEAL_WINDOW_DAYS', 14, 0, 365),
      reportsToEscalate: int('MODERATION_REPORTS_TO_ESCALATE', 3, 1, 1000),
    },
    logLevel,
    logFormat,
    metrics: { port: metricsPort, host: env.METRICS_HOST || '', token: metricsToken, openOnPublicPort: metricsPort === null && !metricsToken && !production },
    shutdownDelaySeconds: int('SHUTDOWN_DELAY_SECONDS', 0, 0, 300),
    apiKeyRateLimit: { burst: int('API_KEY_RATE_LIMIT', 120, 1, 1_000_000), refillPerMinute: int('API_KEY_RATE_PER_MINUTE', 600, 1, 60_000_000) },
    invitationTtlHours: int('INVITATION_TTL_HOURS', 7 * 24, 1, 90 * 24),
    webhooks: {
      allowPrivateHosts: bool('WEBHOOK_ALLOW_PRIVATE_HOSTS', false),
      retryBaseMs: int('WEBHOOK_RETRY_BASE_MS', 30_000, 10, 3_600_000),
      retryMaxMs: int('WEBHOOK_RETRY_MAX_MS', 6 * 3_600_000, 10, 7 * 24 * 3_600_000),
      maxAttempts: int('WEBHOOK_MAX_ATTEMPTS', 12, 1, 100),
      timeoutMs: int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
    },
    media: { signingKey: mediaSigningKey, urlTtlSeconds: int('MEDIA_URL_TTL_SECONDS', 3600, 30, 7 * 24 * 3600) },
    live: { joinWindowMinutes: int('LIVE_JOIN_WINDOW_MINUTES', 15, 1, 24 * 60) },
    mail: {
      smtpUrl,
      from: env.MAIL_FROM || 'Knowpay <no-reply@knowpay.local>',
      dir: env.MAIL_DIR || '.data/mail',
      linkBaseUrl: (url('MAIL_LINK_BASE_URL', ['http:', 'https:']) ?? publicUrl ?? `http://localhost:${port}`).replace(/\/+$/, ''),
      autoVerifyEmail,
    },
    accounts: {
      verifyEmailTtlHours: int('VERIFY_EMAIL_TTL_HOURS', 72, 1, 30 * 24),
      passwordResetTtlMinutes: int('PASSWORD_RESET_TTL_MINUTES', 60, 1, 7 * 24 * 60),
    },
  };
  if (problems.length) throw new ConfigError(problems);
  config.metrics.host ||= config.host;
  return config;
}

/** SMTP_URL (smtp:// or smtps://), or one built from SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASS (port 465 means TLS from the start). */
function smtpSettings(env: Env, problems: string[], url: (name: string, protocols: string[]) => string | null): string | null {
  if (env.SMTP_URL) return url('SMTP_URL', ['smtp:', 'smtps:']);
  if (!env.SMTP_HOST) return null;
  const port = Number(env.SMTP_PORT || 587);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push('SMTP_PORT must be an integer between 1 and 65535');
    return null;
  }
  const auth = env.SMTP_USER ? `${encodeURIComponent(env.SMTP_USER)}:${encodeURIComponent(env.SMTP_PASS ?? '')}@` : '';
  return `${port === 465 ? 'smtps' : 'smtp'}://${auth}${env.SMTP_HOST}:${port}`;
}

/** ML_BATCH_WAIT_MS=0 turns micro-batching off. */
function mlConfig(maxWaitMs: number, maxBatch: number, recommendationCacheSize: number): Config['ml'] {
  return { batching: maxWaitMs > 0 ? { maxBatch, maxWaitMs } : false, recommendationCacheSize };
}

/**
 * MODERATION_THRESHOLDS="default=0.5/0.8/1.01;CHAT_MESSAGE=0.5/0.7/0.99": per kind (or
 * `default`), review/hold/reject scores, each 0..1.01 and in increasing order.
 */
export function moderationThresholds(raw: string | undefined, problems: string[]): Partial<Record<string, ModerationThresholds>> {
  const result: Partial<Record<string, ModerationThresholds>> = {};
  let fallback: ModerationThresholds | undefined;
  const entries = (raw ?? '')
    .split(';')
    .map((e) => e.trim())
    .filter(Boolean);
  const parsed: Array<[string, ModerationThresholds]> = [];
  for (const entry of entries) {
    const match = /^([A-Za-z_]+)=([\d.]+)\/([\d.]+)\/([\d.]+)$/.exec(entry);
    const kind = match?.[1];
    const [review, hold, reject] = match ? [Number(match[2]), Number(match[3]), Number(match[4])] : [NaN, NaN, NaN];
    if (
      !match ||
      !(kind === 'default' || (MODERATION_KINDS as readonly string[]).includes(kind!)) ||
      ![review, hold, reject].every((n) => n >= 0 && n <= 1.01) ||
      !(review <= hold && hold <= reject)
    ) {
      problems.push(
        `MODERATION_THRESHOLDS entry ${JSON.stringify(entry)} must look like KIND=review/hold/reject (KIND one of default, ${MODERATION_KINDS.join(', ')}; numbers 0..1.01, increasing)`,
      );
      continue;
    }
    parsed.push([kind!, { review, hold, reject }]);
  }
  for (const [kind, thresholds] of parsed) if (kind === 'default') fallback = thresholds;
  if (fallback) for (const kind of MODERATION_KINDS) result[kind] = fallback;
  for (const [kind, thresholds] of parsed) if (kind !== 'default') result[kind] = thresholds;
  return result;
}
