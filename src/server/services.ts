import { DataSource } from 'typeorm';
import { JOBS } from '../jobs/job-registry';
import { JobQueue } from '../jobs/job-queue';
import { InProcessPubSub, PubSub } from '../realtime/pubsub';
import { RedisPubSub } from '../realtime/redis-pubsub';
import type { Config } from './config';
import type { Logger } from './logger';
import { InMemoryRateLimiter, RateLimiter, RedisRateLimiter } from './rate-limiter';

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
  rateLimiter: RateLimiter;
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
  const jobs = await JobQueue.start(JOBS, {
    connectionString: connectionStringOf(db),
    logger,
    work: config.jobs.work,
    pollingIntervalSeconds: config.jobs.pollingIntervalSeconds,
  });
  const services: AppServices = { config, db, logger, pubsub, jobs, rateLimiter };
  await jobs.work(services);
  return {
    ...services,
    async stop() {
      await jobs.stop();
      await pubsub.close();
      await rateLimiter.close();
    },
  };
}
