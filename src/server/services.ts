import { DataSource } from 'typeorm';
import type { PaymentProvider } from '../commerce/payments/payment-provider';
import { createStripeClient, StripePaymentProvider } from '../commerce/payments/stripe-provider';
import { TestPaymentProvider } from '../commerce/payments/test-provider';
import { JOBS } from './job-registry';
import { JobQueue } from '../jobs/job-queue';
import { ModelRegistry } from '../ml/model-registry';
import { PriceImpressionBuffer } from '../ml/pricing/price-impression-buffer';
import { auditModelScreening } from '../moderation/content-screening';
import { membershipAccess } from '../commerce/membership-access';
import { InProcessPubSub, PubSub } from '../realtime/pubsub';
import { RedisPubSub } from '../realtime/redis-pubsub';
import type { AppServices } from '../kernel/context';
import type { Config } from '../kernel/config';
import type { Logger } from '../kernel/logger';
import { FlexibleRateLimiter, RateLimiter } from '../kernel/rate-limiter';
import { InMemoryTokenBuckets, RedisTokenBuckets, TokenBuckets } from '../kernel/token-bucket';
import { createHash } from 'node:crypto';
import { ResponseCache } from './response-cache/response-cache';
import './response-cache/response-cache.handlers';

export interface RunningServices extends AppServices {
  stop(): Promise<void>;
}

export function connectionStringOf(db: DataSource): string {
  const options = db.options as { url?: string };
  if (!options.url) throw new Error('the data source must be configured with a url');
  return options.url;
}

export async function startServices(config: Config, db: DataSource, logger: Logger): Promise<RunningServices> {
  const pubsub: PubSub = config.redisUrl ? await RedisPubSub.connect(config.redisUrl, logger) : new InProcessPubSub();
  const rateLimiter: RateLimiter = config.redisUrl ? await FlexibleRateLimiter.connect(config.redisUrl, logger) : FlexibleRateLimiter.inMemory();
  const tokenBuckets: TokenBuckets = config.redisUrl ? await RedisTokenBuckets.connect(config.redisUrl, logger) : new InMemoryTokenBuckets();
  const jobs = await JobQueue.start(JOBS, {
    connectionString: connectionStringOf(db),
    logger,
    work: config.jobs.work,
    pollingIntervalSeconds: config.jobs.pollingIntervalSeconds,
  });
  const models = new ModelRegistry({ db, logger, pubsub, batching: config.ml.batching, recommendationCacheSize: config.ml.recommendationCacheSize });
  await models.start();
  const payments = createPaymentProvider(config, logger);
  const impressions = new PriceImpressionBuffer(
    { db, rateLimiter, logger, windowSeconds: config.throttles.priceImpressionWindowSeconds },
    config.throttles.priceImpressionFlushMs,
  );
  // Instances over one database share cached answers; another database (another deployment, another test file) never sees them.
  const responseCache = config.responseCache.enabled
    ? await ResponseCache.start({
        ...config.responseCache,
        redisUrl: config.redisUrl,
        databaseUrl: connectionStringOf(db),
        logger,
        namespace: createHash('sha256').update(connectionStringOf(db)).digest('hex').slice(0, 16),
      })
    : null;
  const services: AppServices = {
    config,
    db,
    logger,
    pubsub,
    jobs,
    payments,
    rateLimiter,
    tokenBuckets,
    models,
    impressions,
    screening: auditModelScreening,
    membershipAccess,
    responseCache,
  };
  await jobs.work(services);
  return {
    ...services,
    async stop() {
      await impressions.stop();
      await jobs.stop();
      await models.stop();
      await pubsub.close();
      await rateLimiter.close();
      await tokenBuckets.close();
      await responseCache?.close();
    },
  };
}

function createPaymentProvider(config: Config, logger: Logger): PaymentProvider {
  const { stripeSecretKey, stripeApiUrl, providerTimeoutMs } = config.payments;
  if (stripeSecretKey) {
    logger.info(`payments: Stripe${stripeApiUrl ? ` at ${stripeApiUrl}` : ''}; payments settle through signed webhooks at /webhooks/stripe`);
    return new StripePaymentProvider(createStripeClient({ secretKey: stripeSecretKey, apiUrl: stripeApiUrl, timeoutMs: providerTimeoutMs }));
  }
  // loadConfig refuses production without STRIPE_SECRET_KEY, so this is never reached there.
  logger.warn('payments: the built-in TEST provider is active (no STRIPE_SECRET_KEY): every payment succeeds at once and no money moves');
  return new TestPaymentProvider();
}
