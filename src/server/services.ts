import { DataSource } from 'typeorm';
import { JOBS } from '../jobs/job-registry';
import { JobQueue } from '../jobs/job-queue';
import { ModelRegistry } from '../ml/model-registry';
import { InProcessPubSub, PubSub } from '../realtime/pubsub';
import { RedisPubSub } from '../realtime/redis-pubsub';
import type { Config } from './config';
import type { Logger } from './logger';

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
  const jobs = await JobQueue.start(JOBS, {
    connectionString: connectionStringOf(db),
    logger,
    work: config.jobs.work,
    pollingIntervalSeconds: config.jobs.pollingIntervalSeconds,
  });
  const models = new ModelRegistry({ db, logger, pubsub, batching: config.ml.batching });
  await models.start();
  const services: AppServices = { config, db, logger, pubsub, jobs, models };
  await jobs.work(services);
  return {
    ...services,
    async stop() {
      await jobs.stop();
      await models.stop();
      await pubsub.close();
    },
  };
}
