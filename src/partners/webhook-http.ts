import { request as httpRequest, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { allowedAddress } from './forbidden-hosts';

export interface WebhookResponse {
  statusCode: number | null;
  /** The first KiB of the response, for the delivery log. */
  responseBody: string | null;
  error: string | null;
  durationMs: number;
}

const MAX_LOGGED_RESPONSE = 1024;

/**
 * POSTs one signed webhook. The connection's own DNS lookup goes through
 * the forbidden-host check, so the address that is checked is the address
 * that is used. Redirects are not followed; any non-2xx is a failure.
 */
export function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowPrivateHosts: boolean },
): Promise<WebhookResponse> {
  const started = Date.now();
  const done = (result: Omit<WebhookResponse, 'durationMs'>): WebhookResponse => ({ ...result, durationMs: Date.now() - started });
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    allowedAddress(hostname, options.allowPrivateHosts).then(
      ({ address, family }) => (lookupOptions.all ? (callback as any)(null, [{ address, family }]) : callback(null, address, family)),
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
  return new Promise((outcome) => {
    // One bound on the whole attempt (DNS, connect, a slowly dripping answer), not only on an idle socket.
    let req: ReturnType<typeof httpRequest> | null = null;
    const deadline = setTimeout(() => {
      if (req) req.destroy(new Error(`no complete response within ${2 * options.timeoutMs} ms`));
      else resolve(done({ statusCode: null, responseBody: null, error: `no address for the host within ${2 * options.timeoutMs} ms` }));
    }, 2 * options.timeoutMs);
    let settled = false;
    const resolve = (response: WebhookResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      outcome(response);
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve(done({ statusCode: null, responseBody: null, error: 'invalid URL' }));
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const requestOptions: RequestOptions = {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Knowpay-Webhooks/1.0', ...headers },
      timeout: options.timeoutMs,
      lookup,
      agent: false,
    };
    // An IP-literal host never goes through `lookup`: check it here.
    allowedAddress(target.hostname, options.allowPrivateHosts).then(
      () => {
        if (settled) return;
        req = send(target, requestOptions, (res) => {
          let received = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (received.length < MAX_LOGGED_RESPONSE) received += chunk;
          });
          res.on('end', () => resolve(done({ statusCode: res.statusCode ?? null, responseBody: received.slice(0, MAX_LOGGED_RESPONSE), error: null })));
          res.on('error', (error) =>
            resolve(done({ statusCode: res.statusCode ?? null, responseBody: received.slice(0, MAX_LOGGED_RESPONSE), error: error.message })),
          );
        });
        const sent = req;
        sent.on('timeout', () => sent.destroy(new Error(`no response within ${options.timeoutMs} ms`)));
        sent.on('error', (error) => resolve(done({ statusCode: null, responseBody: null, error: error.message })));
        sent.end(body);
      },
      (error: Error) => resolve(done({ statusCode: null, responseBody: null, error: error.message })),
    );
  });
}
