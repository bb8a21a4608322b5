import { timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../kernel/config';
import { sendJson } from '../common/http-body';
import { metricsRegistry } from '../kernel/metrics';

/**
 * Who may read /metrics (METRICS_PORT, METRICS_TOKEN):
 * - METRICS_PORT set: its own listener (METRICS_HOST, default HOST) answers
 *   /metrics, with the token when one is set too; the public port does not;
 * - else METRICS_TOKEN set: the public port answers `Authorization: Bearer <token>`;
 * - else: open on the public port outside production, off (404) in production.
 */
export async function serveMetrics(res: ServerResponse): Promise<void> {
  const body = await metricsRegistry.metrics();
  res.writeHead(200, { 'content-type': metricsRegistry.contentType, 'cache-control': 'no-store' });
  res.end(body);
}

function tokenMatches(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** /metrics on the public port: served, refused (401) or absent (404), as configured. */
export async function servePublicMetrics(config: Config, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (config.metrics.port === null && config.metrics.token) {
    if (!tokenMatches(req, config.metrics.token)) {
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      return sendJson(res, 401, { error: 'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.' });
    }
    return serveMetrics(res);
  }
  if (config.metrics.openOnPublicPort) return serveMetrics(res);
  return sendJson(res, 404, { error: 'Nothing at /metrics on this port (see METRICS_PORT and METRICS_TOKEN).' });
}

/** The metrics listener of its own, when METRICS_PORT is set; null otherwise. */
export async function startMetricsListener(config: Config): Promise<{ url: string; close(): Promise<void> } | null> {
  if (config.metrics.port === null) return null;
  const token = config.metrics.token;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/metrics') return sendJson(res, 404, { error: 'Only /metrics is served here.' });
    if (token && !tokenMatches(req, token)) return sendJson(res, 401, { error: 'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.' });
    serveMetrics(res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: 'metrics failed' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.metrics.port!, config.metrics.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.metrics.host === '0.0.0.0' || config.metrics.host === '::' ? '127.0.0.1' : config.metrics.host;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
