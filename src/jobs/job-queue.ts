import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { withAdvisoryLock } from '../db/advisory-lock';
import { withLogFields } from '../kernel/log-context';
import type { Logger } from '../kernel/logger';
import { jobDuration, jobRuns } from '../kernel/metrics';

/**
 * Durable background work (renewals, retries, expiries, model training,
 * webhook delivery) on pg-boss, i.e. in PostgreSQL: a job enqueued inside a
 * transaction exists exactly when that transaction commits, and a restart
 * loses nothing. Each domain declares its jobs with `defineJob` next to its
 * code; `src/jobs/job-registry.ts` lists them.
 */
export interface JobDefinition<T extends object> {
  name: string;
  handle(data: T, services: JobServices): Promise<void>;
  /** Cron (UTC) for recurring jobs, e.g. every five minutes: '*\/5 * * * *'. */
  schedule?: string;
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  /** Jobs fetched per poll and run concurrently (default 1): raise it for many small I/O-bound jobs such as webhook deliveries. */
  batchSize?: number;
  /**
   * Recovery sweeps: run once this many seconds after the workers start
   * (past the longest lease a crashed process could still hold), as well as
   * on `schedule`. A job that was running when its process was SIGKILLed
   * stays "active" in pg-boss until it expires; the sweep re-enqueues its
   * work from the domain's own tables long before that.
   */
  runAfterStartSeconds?: (services: JobServices) => number;
  /**
   * At most one waiting and one running, across every instance (pg-boss's `stately` policy, every send and
   * scheduled run under one singleton key): for work such as model training that must not overlap or pile up.
   */
  singleton?: boolean;
}

/** What a job handler may use; filled in by the server that runs the workers. */
export type JobServices = import('../kernel/context').AppServices;

export function defineJob<T extends object>(definition: JobDefinition<T>): JobDefinition<T> {
  return definition;
}

export interface EnqueueOptions {
  /** Enqueue inside this transaction: the job exists only if it commits. */
  manager?: EntityManager;
  startAfter?: Date | number;
  /** At most one queued/active job with this key per job name. */
  singletonKey?: string;
}

export interface JobQueueOptions {
  connectionString: string;
  logger: Logger;
  /** Run workers in this process (false: enqueue only). */
  work: boolean;
  pollingIntervalSeconds?: number;
}

export class JobQueue {
  private services: JobServices | null = null;

  /** Set by stop(): pool errors while pg-boss shuts its connections are expected then, not news. */
  private stopping = false;

  private constructor(
    private readonly boss: PgBoss,
    private readonly options: JobQueueOptions,
    private readonly definitions: ReadonlyArray<JobDefinition<any>>,
  ) {
    boss.on('error', (error) => {
      if (!this.stopping) options.logger.error(`job queue error: ${(error as Error).message}`);
    });
  }

  static async start(definitions: ReadonlyArray<JobDefinition<any>>, options: JobQueueOptions): Promise<JobQueue> {
    const boss = new PgBoss({
      connectionString: options.connectionString,
      schema: 'pgboss',
      max: 4,
      schedule: options.work,
      supervise: options.work,
      application_name: 'knowpay-jobs',
    });
    const queue = new JobQueue(boss, options, definitions);
    await boss.start();
    // pg-boss 10 creates a queue's partition with DDL that deadlocks when two instances create queues at once.
    await withAdvisoryLock(options.connectionString, 'knowpay:job-queues', () => JobQueue.createQueues(boss, definitions));
    return queue;
  }

  private static async createQueues(boss: PgBoss, definitions: ReadonlyArray<JobDefinition<any>>): Promise<void> {
    for (const definition of definitions) {
      const policy = definition.singleton ? 'stately' : 'standard';
      await boss.createQueue(definition.name, {
        name: definition.name,
        policy,
        retryLimit: definition.retryLimit ?? 5,
        retryDelay: definition.retryDelaySeconds ?? 30,
        retryBackoff: definition.retryBackoff ?? true,
        expireInSeconds: definition.expireInSeconds ?? 15 * 60,
      });
      // Queues created before a job became a singleton keep their old policy unless told.
      if (definition.singleton) await boss.updateQueue(definition.name, { name: definition.name, policy });
    }
  }

  /** Starts the workers and the recurring schedules. Handlers see `services`. */
  async work(services: JobServices): Promise<void> {
    this.services = services;
    if (!this.options.work) return;
    for (const definition of this.definitions) {
      await this.boss.work<object>(
        definition.name,
        { pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2, batchSize: definition.batchSize ?? 1 },
        async (jobs) => {
          await Promise.all(
            jobs.map((job) =>
              withLogFields({ job: definition.name, jobId: job.id }, async () => {
                const started = performance.now();
                try {
                  await definition.handle(job.data, services);
                  jobRuns.inc({ job: definition.name, outcome: 'completed' });
                } catch (error) {
                  jobRuns.inc({ job: definition.name, outcome: 'failed' });
                  this.options.logger.warn(`job ${definition.name} ${job.id} failed; pg-boss will retry it`, error instanceof Error ? error.message : error);
                  throw error;
                } finally {
                  jobDuration.observe({ job: definition.name }, (performance.now() - started) / 1000);
                }
              }),
            ),
          );
        },
      );
      if (definition.schedule)
        await this.boss.schedule(definition.name, definition.schedule, {}, { tz: 'UTC', ...(definition.singleton ? { singletonKey: definition.name } : {}) });
      if (definition.runAfterStartSeconds) {
        await this.enqueue(definition, {}, { startAfter: new Date(Date.now() + definition.runAfterStartSeconds(services) * 1000) });
      }
    }
  }

  async enqueue<T extends object>(definition: JobDefinition<T>, data: T, options: EnqueueOptions = {}): Promise<string | null> {
    const { manager } = options;
    return this.boss.send(definition.name, data, {
      startAfter: options.startAfter,
      singletonKey: options.singletonKey ?? (definition.singleton ? definition.name : undefined),
      ...(manager ? { db: { executeSql: async (text: string, values: unknown[]) => ({ rows: await manager.query(text, values) }) } } : {}),
    });
  }

  /** Runs a job's handler now, in this process, bypassing the queue; for operators and tests. */
  async runNow<T extends object>(definition: JobDefinition<T>, data: T): Promise<void> {
    if (!this.services) throw new Error('job queue services are not set; call work() first');
    await definition.handle(data, this.services);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.boss.stop({ graceful: true, timeout: 10_000, wait: true });
  }
}

declare module '../kernel/context' {
  interface AppServices {
    /** The durable job queue (pg-boss in PostgreSQL). */
    jobs: JobQueue;
  }
}
