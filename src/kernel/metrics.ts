import type { DataSource } from 'typeorm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics (prom-client), served at /metrics (see metrics-endpoint.ts).
 *
 * Counters and histograms count what this process did. Gauges read their
 * value when scraped: from this instance (pool, sockets, served models) or
 * from the shared database (job queue, webhook deliveries, last training),
 * where every instance reports the same cluster-wide figure: aggregate
 * those with max(), not sum().
 */
export const metricsRegistry = new Registry();

/** What a running server lets the scrape-time gauges read. One per server in this process (tests run several). */
export interface MetricsSource {
  db: DataSource;
  sockets(): { connections: number; subscriptions: number };
  servedModels(): Array<{ model: string; version: string }>;
}

const sources = new Set<MetricsSource>();

/** Registers a running server's gauges; returns its unregister function. */
export function addMetricsSource(source: MetricsSource): () => void {
  startDefaultMetrics();
  sources.add(source);
  return () => {
    sources.delete(source);
  };
}

let defaultsStarted = false;
/** Process metrics: CPU, memory, heap, GC, and the event loop's lag (nodejs_eventloop_lag_seconds, _p99_seconds, …). */
function startDefaultMetrics(): void {
  if (defaultsStarted) return;
  defaultsStarted = true;
  collectDefaultMetrics({ register: metricsRegistry, eventLoopMonitoringPrecision: 10 });
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequestDuration = new Histogram({
  name: 'knowpay_http_request_duration_seconds',
  help: 'HTTP requests by route, method and status code',
  labelNames: ['route', 'method', 'status'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const graphqlOperationDuration = new Histogram({
  name: 'knowpay_graphql_operation_duration_seconds',
  help: 'GraphQL queries and mutations by operation name, type, outcome (ok, client_error, server_error) and transport (http, ws)',
  labelNames: ['operation', 'type', 'outcome', 'transport'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const jobRuns = new Counter({
  name: 'knowpay_job_runs_total',
  help: 'Background job runs in this process by job kind and outcome (completed, failed)',
  labelNames: ['job', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const jobDuration = new Histogram({
  name: 'knowpay_job_duration_seconds',
  help: 'Background job run time by job kind',
  labelNames: ['job'] as const,
  buckets: [0.01, 0.05, 0.25, 1, 5, 15, 60, 300],
  registers: [metricsRegistry],
});

export const moderationDecisions = new Counter({
  name: 'knowpay_moderation_decisions_total',
  help: 'Moderation decisions by content kind, decision and who decided (model: PUBLISHED, HELD, REJECTED at screening; moderator: the resolution)',
  labelNames: ['kind', 'decision', 'source'] as const,
  registers: [metricsRegistry],
});

/** Operation names are chosen by clients: past this many distinct ones, new names are counted as "other". */
const MAX_OPERATION_NAMES = 200;
const operationNames = new Set<string>();

export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (operationNames.has(name)) return name;
  if (operationNames.size >= MAX_OPERATION_NAMES || !/^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(name)) return 'other';
  operationNames.add(name);
  return name;
}

function firstSource(): MetricsSource | null {
  return sources.values().next().value ?? null;
}

/** pg's pool under TypeORM's PostgreSQL driver. */
function poolOf(db: DataSource): { totalCount: number; idleCount: number; waitingCount: number; options?: { max?: number } } | null {
  const pool = (db.driver as unknown as { master?: unknown }).master as ReturnType<typeof poolOf>;
  return pool && typeof pool.totalCount === 'number' ? pool : null;
}

new Gauge({
  name: 'knowpay_db_pool_connections',
  help: 'Database pool connections of this instance: total, idle, in use, waiting (requests queued for a connection), max',
  labelNames: ['state'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    const totals = { total: 0, idle: 0, in_use: 0, waiting: 0, max: 0 };
    for (const source of sources) {
      const pool = source.db.isInitialized ? poolOf(source.db) : null;
      if (!pool) continue;
      totals.total += pool.totalCount;
      totals.idle += pool.idleCount;
      totals.in_use += pool.totalCount - pool.idleCount;
      totals.waiting += pool.waitingCount;
      totals.max += pool.options?.max ?? 0;
    }
    for (const [state, value] of Object.entries(totals)) this.set({ state }, value);
  },
});

new Gauge({
  name: 'knowpay_websocket_connections',
  help: 'Open graphql-ws connections on this instance',
  registers: [metricsRegistry],
  collect() {
    this.set([...sources].reduce((sum, source) => sum + source.sockets().connections, 0));
  },
});

new Gauge({
  name: 'knowpay_graphql_subscriptions',
  help: 'Running GraphQL subscriptions on this instance',
  registers: [metricsRegistry],
  collect() {
    this.set([...sources].reduce((sum, source) => sum + source.sockets().subscriptions, 0));
  },
});

new Gauge({
  name: 'knowpay_model_info',
  help: 'The model versions this instance serves (value 1)',
  labelNames: ['model', 'version'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const source of sources) for (const { model, version } of source.servedModels()) this.set({ model, version }, 1);
  },
});

/** Scrape-time reads from the database: one statement each, on the first registered server's pool; a failure leaves the gauge empty. */
async function fromDatabase<T>(sql: string): Promise<T[]> {
  const source = firstSource();
  if (!source || !source.db.isInitialized) return [];
  try {
    return await source.db.query(sql);
  } catch {
    return [];
  }
}

new Gauge({
  name: 'knowpay_model_last_trained_timestamp_seconds',
  help: 'When the newest stored version of each model kind was trained (cluster-wide, from the database)',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
  async collect() {
    const rows = await fromDatabase<{ kind: string; trained: number }>(
      `SELECT kind, extract(epoch FROM max(trained_at))::float8 AS trained FROM ml_models GROUP BY kind`,
    );
    this.reset();
    for (const row of rows) this.set({ kind: row.kind }, Number(row.trained));
  },
});

new Gauge({
  name: 'knowpay_job_queue_jobs',
  help: 'Jobs in the durable queue by job kind and state: queued (created or waiting to retry), active, failed (kept for inspection); cluster-wide',
  labelNames: ['job', 'state'] as const,
  registers: [metricsRegistry],
  async collect() {
    const rows = await fromDatabase<{ name: string; state: string; jobs: number }>(
      `SELECT q.name, s.state, count(j.id)::int AS jobs
         FROM pgboss.queue q
         CROSS JOIN (VALUES ('queued'), ('active'), ('failed')) AS s(state)
         LEFT JOIN pgboss.job j ON j.name = q.name AND s.state = CASE WHEN j.state IN ('created', 'retry') THEN 'queued' ELSE j.state::text END
        WHERE q.name NOT LIKE '\\_\\_%'
        GROUP BY 1, 2`,
    );
    this.reset();
    for (const row of rows) this.set({ job: row.name, state: row.state }, row.jobs);
  },
});

new Gauge({
  name: 'knowpay_webhook_deliveries',
  help: 'Partner webhook deliveries by status (PENDING, SUCCEEDED, FAILED); cluster-wide. SUCCEEDED and FAILED only grow: rate() them',
  labelNames: ['status'] as const,
  registers: [metricsRegistry],
  async collect() {
    const rows = await fromDatabase<{ status: string; deliveries: number }>(
      `SELECT status, count(*)::int AS deliveries FROM webhook_deliveries GROUP BY status`,
    );
    this.reset();
    for (const status of ['PENDING', 'SUCCEEDED', 'FAILED']) this.set({ status }, rows.find((r) => r.status === status)?.deliveries ?? 0);
  },
});
