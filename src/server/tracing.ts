import type { IncomingMessage } from 'node:http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';

/**
 * OpenTelemetry tracing, off unless OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set: spans for incoming and
 * outgoing HTTP, GraphQL parse/validate/execute, PostgreSQL statements and
 * Redis commands, exported over OTLP (http/protobuf by default; the
 * standard OTEL_* variables configure the exporter, sampler and resource).
 * Metrics stay with prom-client (/metrics) and logs with pino unless
 * OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER ask otherwise.
 *
 * It must start before http, pg, ioredis and graphql are first required,
 * so main.ts loads it first of all (through tracing-bootstrap.ts).
 */
export interface Tracing {
  shutdown(): Promise<void>;
}

export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) && !/^(1|true)$/i.test(env.OTEL_SDK_DISABLED ?? '');
}

/** Probes and scrapes would be most of the traces and say nothing. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export function startTracing(env: NodeJS.ProcessEnv = process.env): Tracing | null {
  if (!tracingEnabled(env)) return null;
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME || 'knowpay',
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATHS.has(new URL(request.url ?? '/', 'http://localhost').pathname),
      }),
      // Resolvers that only read a property would be thousands of spans per catalog page.
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true }),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      new IORedisInstrumentation(),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
