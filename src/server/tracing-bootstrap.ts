import type { Tracing } from './tracing';

/**
 * Imported first by main.ts: starts tracing before anything it instruments
 * is loaded, and loads the OpenTelemetry SDK only when tracing is on.
 */
export const tracing: Tracing | null =
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
    ? // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when tracing is on, before what it instruments
      (require('./tracing') as typeof import('./tracing')).startTracing()
    : null;
