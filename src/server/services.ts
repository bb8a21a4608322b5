import { DataSource } from 'typeorm';
import type { PaymentProvider } from '../commerce/payments/payment-provider';
import { createStripeClient, StripePaymentProvider } from '../commerce/payments/stripe-provider';
import { TestPaymentProvider } from '../commerce/payments/test-provider';
import { JOBS } from '../jobs/job-registry';
import { JobQueue } from '../jobs/job-queue';
import { ModelRegistry } from '../ml/model-registry';
import { InProcessPubSub, PubSub } from '../realtime/pubsub';
import { RedisPubSub } from '../realtime/redis-pubsub';
import type { Config } from './config';
import type { Logger } from './logger';
import { InMemoryRateLimiter, RateLimiter, RedisRateLimiter } from './rate-limiter';
import { InMemoryTokenBuckets, RedisTokenBuckets, TokenBuckets } from './token-bucket';

/**
 * The long-lived parts one server instance shares across requests and jobs:
 * database, pub/sub (Redis when REDIS_URL is set), the durable job queue.
 */
export interface AppServices {
  config: Config;
  db: DataSource;
  logger: Logger;
  pubsub: PubSub;
  jobs: JobQueue;
  payments: PaymentProvider;
  rateLimiter: RateLimiter;
  /** Per-API-key request limits (src/partners). */
  tokenBuckets: TokenBuckets;
  /** The recommendation models served by this instance (src/ml). */
  models: ModelRegistry;
}

export interface RunningServices extends AppServices {
  stop(): Promise<void>;
}

function connectionStringOf(db: DataSource): string {
  const options = db.options as { url?: string };
  if (!options.url) throw new Error('the data source must be configured with a url');
  return options.url;
}

export async function startServices(config: Config, db: DataSource, logger: Logger): Promise<RunningServices> {
  const pubsub: PubSub = config.redisUrl ? await RedisPubSub.connect(config.redisUrl, logger) : new InProcessPubSub();
  const rateLimiter: RateLimiter = config.redisUrl ? await RedisRateLimiter.connect(config.redisUrl, logger) : new InMemoryRateLimiter();
  const tokenBuckets: TokenBuckets = config.redisUrl ? await RedisTokenBuckets.connect(config.redisUrl, logger) : new InMemoryTokenBuckets();
  const jobs = await JobQueue.start(JOBS, {
    connectionString: connectionStringOf(db),
    logger,
    work: config.jobs.work,
    pollingIntervalSeconds: config.jobs.pollingIntervalSeconds,
  });
  const models = new ModelRegistry({ db, logger, pubsub, batching: config.ml.batching });
  await models.start();
  const payments = createPaymentProvider(config, logger);
  const services: AppServices = { config, db, logger, pubsub, jobs, payments, rateLimiter, tokenBuckets, models };
  await jobs.work(services);
  return {
    ...services,
    async stop() {
      await jobs.stop();
      await models.stop();
      await pubsub.close();
      await rateLimiter.close();
      await tokenBuckets.close();
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
