import { ConfigError, loadConfig } from '../../src/kernel/config';
import { startBanner } from '../../src/server/start-banner';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('configuration from the environment', () => {
  it('has working defaults for a newcomer: port 4000, embedded database, demo data, a dev admin', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, databaseUrl: null, seedDemoData: true, admin: { email: 'admin@knowpay.local' } });
  });

  it('listens on 127.0.0.1 only while development defaults are active, unless HOST says otherwise, and says so', () => {
    const dev = loadConfig({});
    expect(dev.host).toBe('127.0.0.1');
    expect(dev.devDefaults).toEqual(['the built-in JWT secret', 'the demo admin admin@knowpay.local', 'the test payment provider']);
    expect(startBanner(dev, 'http://127.0.0.1:4000')).toMatch(/Development defaults are active: .*\n.*this machine only \(127\.0\.0\.1\); set HOST/);
    const exposed = loadConfig({ HOST: '0.0.0.0' });
    expect(exposed.host).toBe('0.0.0.0');
    expect(startBanner(exposed, 'http://127.0.0.1:4000')).toMatch(/WARNING: listening on 0\.0\.0\.0/);
    const production = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      KNOWPAY_ADMIN_EMAIL: 'ops@example.com',
      KNOWPAY_ADMIN_PASSWORD: 'a long password',
      STRIPE_SECRET_KEY: 'sk_live_abc',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      DATABASE_URL: 'postgres://db/knowpay',
    });
    expect(production).toMatchObject({ host: '0.0.0.0', devDefaults: [] });
    expect(production.limits.introspection).toBe(false);
    expect(
      loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: 'x'.repeat(40),
        STRIPE_SECRET_KEY: 'sk_live_abc',
        STRIPE_WEBHOOK_SECRET: 'whsec_abc',
        GRAPHQL_INTROSPECTION: 'true',
      }).limits.introspection,
    ).toBe(true);
    expect(startBanner(production, 'https://api.example.com')).not.toMatch(/Development defaults/);
  });

  it('reads throttles as COUNT/SECONDS', () => {
    expect(loadConfig({ THROTTLE_SIGNIN_PER_ACCOUNT: '5/60' }).throttles.signInPerAccount).toEqual({ limit: 5, windowSeconds: 60 });
    expect(problems({ THROTTLE_SIGNUP_PER_ADDRESS: 'ten' })).toEqual([
      expect.stringMatching(/^THROTTLE_SIGNUP_PER_ADDRESS="ten" must look like COUNT\/SECONDS/),
    ]);
  });

  it('bounds the heap to three times what the last full collection kept, unless HEAP_GROWTH_PERCENT says otherwise (0: V8 decides)', () => {
    expect(loadConfig({}).heapGrowthPercent).toBe(200);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(problems({ HEAP_GROWTH_PERCENT: '-5' })).toEqual([expect.stringMatching(/^HEAP_GROWTH_PERCENT="-5"/)]);
  });

  it('names every bad variable and what it accepts', () => {
    const found = problems({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      REDIS_URL: 'http://x',
      JWT_SECRET: 'short',
      KNOWPAY_ADMIN_EMAIL: 'nope',
      LOG_LEVEL: 'loud',
      SEED_DEMO_DATA: 'maybe',
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT="eighty" must be an integer between 0 and 65535/),
        expect.stringMatching(/^DATABASE_URL must be a URL starting with postgres:\/\//),
        expect.stringMatching(/^REDIS_URL must be a URL starting with redis:\/\//),
        expect.stringMatching(/^JWT_SECRET must be at least 32 characters/),
        expect.stringMatching(/^KNOWPAY_ADMIN_EMAIL must be an email address/),
        expect.stringMatching(/^KNOWPAY_ADMIN_PASSWORD must be at least 8 characters/),
        expect.stringMatching(/^LOG_LEVEL must be one of/),
        expect.stringMatching(/^SEED_DEMO_DATA="maybe" must be true or false/),
      ]),
    );
  });

  it('refuses development defaults in production', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^JWT_SECRET is required when NODE_ENV=production/),
      expect.stringMatching(/^STRIPE_SECRET_KEY is required when NODE_ENV=production/),
    ]);
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'p'.repeat(40),
      DATABASE_URL: 'postgres://db/knowpay',
      STRIPE_SECRET_KEY: 'sk_live_abc123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
    });
    expect(config).toMatchObject({ admin: null, seedDemoData: false, exposeSqlCount: false, payments: { provider: 'stripe' } });
  });

  it('uses the built-in test payment provider only without Stripe keys, and wants a webhook secret with a key', () => {
    expect(loadConfig({}).payments.provider).toBe('test');
    expect(problems({ STRIPE_SECRET_KEY: 'sk_test_abc' })).toEqual([expect.stringMatching(/^STRIPE_WEBHOOK_SECRET/)]);
    expect(problems({ STRIPE_SECRET_KEY: 'pk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_x' })).toEqual([
      expect.stringMatching(/^STRIPE_SECRET_KEY must be a Stripe secret key/),
    ]);
    expect(problems({ CREATOR_REVENUE_SHARE_PERCENT: '120' })).toEqual([expect.stringMatching(/^CREATOR_REVENUE_SHARE_PERCENT/)]);
  });
});
