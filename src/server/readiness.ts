import type { DataSource } from 'typeorm';
import { hasPendingMigrations } from './data-source';
import { backendName } from '../ml/backend';
import type { ModelRegistry } from '../ml/model-registry';
import type { PubSub } from '../realtime/pubsub';
import { RedisPubSub } from '../realtime/redis-pubsub';

/**
 * What /readyz answers: 200 only while this instance should get traffic —
 * the database answers with every migration applied, Redis (when
 * REDIS_URL is set) answers, and the instance is not draining (SIGTERM
 * received: the load balancer should stop sending before it stops
 * accepting; see SHUTDOWN_DELAY_SECONDS).
 */
export interface ReadinessInputs {
  db: DataSource;
  pubsub: PubSub;
  models: ModelRegistry;
  draining(): boolean;
}

export async function readiness({ db, pubsub, models, draining }: ReadinessInputs): Promise<{ ready: boolean; checks: Record<string, unknown> }> {
  const checks: Record<string, unknown> = {};
  let ready = true;
  if (draining()) {
    checks.draining = true;
    ready = false;
  }
  try {
    await db.query('SELECT 1');
    checks.database = 'ok';
    const pending = await hasPendingMigrations(db);
    checks.migrations = pending ? 'pending' : 'applied';
    if (pending) ready = false;
  } catch (error) {
    checks.database = `unreachable: ${(error as Error).message}`;
    ready = false;
  }
  if (pubsub instanceof RedisPubSub) {
    checks.redis = await pubsub.health();
    if (checks.redis !== 'ok') ready = false;
  }
  checks.modelBackend = backendName();
  const status = models.status();
  checks.modelBackendPackage = status.backendPackage;
  checks.modelDevice = status.device;
  checks.models = status.version;
  checks.moderationModel = models.moderation.version;
  return { ready, checks };
}
