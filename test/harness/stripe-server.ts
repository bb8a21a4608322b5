import http from 'node:http';
import { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { list, snapshot, StripeObject, StripeStore } from './stripe-objects';
import { PaymentIntents } from './stripe-payments';
import { expandPaths, invalidRequest, Params, parseForm, StripeApiError, str, stripeId } from './stripe-params';
import { StripeWebhooks, WebhookEndpointConfig } from './stripe-webhooks';

/**
 * A local Stripe-compatible HTTP server for tests, driven by the real `stripe`
 * SDK (see `client()`): v1 customers, payment methods, payment intents,
 * charges, refunds and events, Stripe's error format and status codes,
 * Idempotency-Key replay, `expand[]`, and signed webhooks (stripe-webhooks.ts).
 */

export interface StripeServerOptions {
  /** Port to listen on; default 0 (any free port). */
  port?: number;
  /** Accepted secret keys; default any `sk_test_…` / `rk_test_…` key. */
  apiKeys?: string[];
  /** `api_version` stamped on events; default the SDK's pinned version. */
  apiVersion?: string;
  /** Webhook endpoint to configure right away (same as `server.webhooks.configure`). */
  webhook?: WebhookEndpointConfig;
  /** How long a webhook endpoint may take to answer; default 10 s. */
  webhookTimeoutMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  params: Params;
  apiKey: string | null;
  idempotencyKey: string | null;
  status: number;
  /** The response was the stored one for a repeated Idempotency-Key. */
  replayed: boolean;
}

export interface StripeTestServer {
  readonly url: string;
  readonly port: number;
  /** Objects and events, for assertions (`store.events`, `store.customers`, …). */
  readonly store: StripeStore;
  readonly webhooks: StripeWebhooks;
  /** Every API request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** A real Stripe SDK client pointed at this server. */
  client(secretKey?: string): Stripe;
  /**
   * Makes matching API requests slow: each waits `ms` before it is handled
   * (a slow or overloaded provider). `ms` 0 turns it off. Matches every
   * request unless `path` (a RegExp on e.g. "POST /v1/payment_intents") is given.
   */
  setLatency(ms: number, path?: RegExp): void;
  /** Requests waiting out their latency right now. */
  readonly held: number;
  /** The next `count` matching requests fail with HTTP `status` (Stripe's api_error) without doing anything. */
  failNext(count: number, path: RegExp, status?: number): void;
  /** Forgets all objects, events, deliveries, requests and idempotency keys (keeps the webhook endpoint). */
  reset(): void;
  stop(): Promise<void>;
}

type Handler = (params: Params, id: string) => unknown;
type Route = { method: string; pattern: RegExp; handler: Handler };

interface StoredResponse {
  fingerprint: string;
  status: number;
  body: string;
}

const DEFAULT_KEY = 'sk_test_knowpay';

/** The settings that point a Knowpay server at this Stripe-compatible server, with the webhook signing secret it configures. */
export function knowpayStripeSettings(stripe: Pick<StripeTestServer, 'url'>, webhookSecret: string): Record<string, string> {
  return { STRIPE_SECRET_KEY: 'sk_test_knowpay', STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_API_URL: stripe.url };
}

export async function startStripeServer(options: StripeServerOptions = {}): Promise<StripeTestServer> {
  const webhooks = new StripeWebhooks(options.webhookTimeoutMs);
  const store = new StripeStore(options.apiVersion ?? Stripe.API_VERSION, (type) => (webhooks.wants(type) ? 1 : 0));
  store.onEvent((event) => webhooks.handle(event));
  if (options.webhook) webhooks.configure(options.webhook);
  const routes = buildRoutes(store, new PaymentIntents(store));
  const idempotency = new Map<string, StoredResponse>();
  const requests: RecordedRequest[] = [];
  let latency: { ms: number; path?: RegExp } = { ms: 0 };
  const failures: Array<{ count: number; path: RegExp; status: number }> = [];
  const slowTimers = new Set<NodeJS.Timeout>();
  let held = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    let delayed = false;
    req.on('end', () => {
      const line = `${req.method} ${new URL(req.url ?? '/', 'http://localhost').pathname}`;
      const delay = latency.ms > 0 && (!latency.path || latency.path.test(line)) ? latency.ms : 0;
      if (delay === 0) return respond();
      delayed = true;
      held += 1;
      const timer = setTimeout(() => {
        slowTimers.delete(timer);
        respond();
      }, delay);
      slowTimers.add(timer);
    });
    const respond = () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const line = `${req.method} ${new URL(req.url ?? '/', 'http://localhost').pathname}`;
      const failure = failures.find((f) => f.count > 0 && f.path.test(line));
      if (failure) {
        failure.count -= 1;
        held -= delayed ? 1 : 0;
        res.writeHead(failure.status, { 'Content-Type': 'application/json', 'Request-Id': stripeId('req', 14) });
        res.end(JSON.stringify(new StripeApiError(failure.status, 'api_error', 'Injected failure: the test server is having trouble.').toJSON()));
        return;
      }
      const reply = handle(req, raw);
      requests.push(reply.record);
      held -= delayed ? 1 : 0;
      // A client that gave up still had its request handled, as with Stripe: only the answer is lost.
      if (res.destroyed) return;
      res.writeHead(reply.status, {
        'Content-Type': 'application/json',
        'Request-Id': reply.requestId,
        'Stripe-Version': String(req.headers['stripe-version'] ?? store.apiVersion),
        ...(reply.record.idempotencyKey ? { 'Idempotency-Key': reply.record.idempotencyKey } : {}),
        ...(reply.record.replayed ? { 'Idempotent-Replayed': 'true' } : {}),
      });
      res.end(reply.body);
    };
  });

  function handle(req: http.IncomingMessage, raw: string): { status: number; body: string; requestId: string; record: RecordedRequest } {
    const requestId = stripeId('req', 14);
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://localhost');
    const idempotencyKey = header(req, 'idempotency-key');
    const record: RecordedRequest = { method, path: url.pathname, params: {}, apiKey: null, idempotencyKey, status: 0, replayed: false };
    const finish = (status: number, body: string) => {
      record.status = status;
      return { status, body, requestId, record };
    };
    try {
      record.apiKey = authenticate(header(req, 'authorization'), options.apiKeys);
      const params = parseForm(method === 'GET' || method === 'DELETE' ? url.search.slice(1) : raw);
      record.params = params;
      const scope = idempotencyKey && method === 'POST' ? `${record.apiKey}:${idempotencyKey}` : null;
      const fingerprint = `${method} ${url.pathname} ${JSON.stringify(params)}`;
      const stored = scope ? idempotency.get(scope) : undefined;
      if (stored) {
        if (stored.fingerprint !== fingerprint) {
          throw new StripeApiError(
            400,
            'idempotency_error',
            `Keys for idempotent requests can only be used with the same parameters they were first used with. ` +
              `Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          );
        }
        record.replayed = true;
        return finish(stored.status, stored.body);
      }
      store.currentRequest = { id: requestId, idempotency_key: idempotencyKey };
      let status = 200;
      let body: string;
      try {
        body = JSON.stringify(expand(store, route(routes, method, url.pathname)(params), expandPaths(params)), null, 2);
      } catch (error) {
        if (!(error instanceof StripeApiError)) throw error;
        status = error.status;
        body = JSON.stringify(error.toJSON(), null, 2);
      } finally {
        store.currentRequest = { id: null, idempotency_key: null };
      }
      // Like Stripe, remember results of requests that ran (successes and card declines), not rejected ones.
      if (scope && (status < 400 || status === 402)) idempotency.set(scope, { fingerprint, status, body });
      return finish(status, body);
    } catch (error) {
      const apiError =
        error instanceof StripeApiError
          ? error
          : new StripeApiError(500, 'api_error', `Test server error: ${error instanceof Error ? error.stack : String(error)}`);
      return finish(apiError.status, JSON.stringify(apiError.toJSON(), null, 2));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    store,
    webhooks,
    requests,
    client(secretKey = DEFAULT_KEY) {
      return new Stripe(secretKey, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0, telemetry: false });
    },
    get held() {
      return held;
    },
    setLatency(ms, path) {
      latency = { ms, path };
    },
    failNext(count, path, status = 500) {
      failures.push({ count, path, status });
    },
    reset() {
      latency = { ms: 0 };
      failures.length = 0;
      store.reset();
      webhooks.reset();
      idempotency.clear();
      requests.length = 0;
    },
    async stop() {
      for (const timer of slowTimers) clearTimeout(timer);
      webhooks.close();
      await webhooks.idle();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function header(req: http.IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** The API key from `Authorization: Bearer sk_…` (or Basic `sk_…:`), or a 401. */
function authenticate(authorization: string | null, allowed: string[] | undefined): string {
  let key: string | undefined;
  if (authorization?.startsWith('Bearer ')) key = authorization.slice(7).trim();
  else if (authorization?.startsWith('Basic ')) key = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':')[0];
  if (!key) {
    throw new StripeApiError(
      401,
      'invalid_request_error',
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  const valid = allowed ? allowed.includes(key) : /^(sk|rk)_test_\w+$/.test(key);
  if (!valid) {
    throw new StripeApiError(401, 'invalid_request_error', `Invalid API Key provided: ${key.slice(0, 8)}****${key.slice(-4)}`, {
      code: 'api_key_invalid',
    });
  }
  return key;
}

function route(routes: Route[], method: string, path: string): (params: Params) => unknown {
  for (const r of routes) {
    const match = r.method === method ? r.pattern.exec(path) : null;
    if (match) return (params) => r.handler(params, decodeURIComponent(match[1] ?? ''));
  }
  throw new StripeApiError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).`);
}

/** Replaces ids named by `expand[]` paths (e.g. `latest_charge`, `data.customer`) with the objects. */
function expand(store: StripeStore, result: unknown, paths: string[]): unknown {
  if (paths.length === 0) return result;
  const copy = snapshot(result);
  for (const path of paths) expandPath(store, copy, path.split('.'), path);
  return copy;
}

function expandPath(store: StripeStore, node: unknown, parts: string[], path: string): void {
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  const [head, ...rest] = parts;
  if (head === 'data' && Array.isArray(record.data)) {
    for (const item of record.data) expandPath(store, item, rest, path);
    return;
  }
  const value = record[head];
  if (typeof value === 'string' && rest.length === 0) {
    const found = store.find(value);
    if (!found) throw invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
    record[head] = snapshot(found);
  } else if (value !== null && value !== undefined && rest.length > 0) {
    if (typeof value === 'string') record[head] = snapshot(store.find(value)) ?? value;
    expandPath(store, record[head], rest, path);
  } else if (value === undefined) {
    throw invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
  }
}

function buildRoutes(store: StripeStore, paymentIntents: PaymentIntents): Route[] {
  const newest = <T extends StripeObject>(items: Iterable<T>, keep: (item: T) => boolean = () => true) =>
    [...items]
      .filter(keep)
      .reverse()
      .sort((a, b) => Number(b.created) - Number(a.created));
  const by = (params: Params, key: string) => {
    const wanted = str(params, key);
    return (item: StripeObject) => wanted === undefined || item[key] === wanted;
  };
  const r = (method: string, path: string, handler: Handler): Route => ({
    method,
    pattern: new RegExp(`^${path.replace(':id', '([^/]+)')}$`),
    handler,
  });
  return [
    r('POST', '/v1/customers', (p) => store.createCustomer(p)),
    r('GET', '/v1/customers', (p) => list('/v1/customers', newest(store.customers.values(), by(p, 'email')), p)),
    r('GET', '/v1/customers/:id', (_p, id) => store.customer(id)),
    r('POST', '/v1/customers/:id', (p, id) => store.updateCustomer(id, p)),
    r('DELETE', '/v1/customers/:id', (_p, id) => store.deleteCustomer(id)),
    r('GET', '/v1/customers/:id/payment_methods', (p, id) =>
      list(
        `/v1/customers/${id}/payment_methods`,
        newest(store.paymentMethods.values(), (pm) => pm.customer === store.customer(id).id),
        p,
      ),
    ),
    r('GET', '/v1/payment_methods', (p) => list('/v1/payment_methods', newest(store.paymentMethods.values(), by(p, 'customer')), p)),
    r('GET', '/v1/payment_methods/:id', (_p, id) => store.paymentMethod(id)),
    r('POST', '/v1/payment_methods/:id/attach', (p, id) => store.attachPaymentMethod(id, p)),
    r('POST', '/v1/payment_methods/:id/detach', (_p, id) => store.detachPaymentMethod(id)),
    r('POST', '/v1/payment_intents', (p) => paymentIntents.create(p)),
    r('GET', '/v1/payment_intents', (p) => list('/v1/payment_intents', newest(store.paymentIntents.values(), by(p, 'customer')), p)),
    r('GET', '/v1/payment_intents/:id', (_p, id) => paymentIntents.get(id)),
    r('POST', '/v1/payment_intents/:id', (p, id) => paymentIntents.update(id, p)),
    r('POST', '/v1/payment_intents/:id/confirm', (p, id) => paymentIntents.confirm(id, p)),
    r('POST', '/v1/payment_intents/:id/cancel', (p, id) => paymentIntents.cancel(id, p)),
    r('GET', '/v1/charges', (p) => list('/v1/charges', newest(store.charges.values(), by(p, 'payment_intent')), p)),
    r('GET', '/v1/charges/:id', (_p, id) => store.charge(id)),
    r('POST', '/v1/refunds', (p) => store.createRefund(p)),
    r('GET', '/v1/refunds', (p) => list('/v1/refunds', newest(store.refunds.values(), by(p, 'payment_intent')), p)),
    r('GET', '/v1/refunds/:id', (_p, id) => store.refund(id)),
    r('GET', '/v1/events', (p) => list('/v1/events', newest(store.events, by(p, 'type')), p)),
    r('GET', '/v1/events/:id', (_p, id) => store.event(id)),
  ];
}
