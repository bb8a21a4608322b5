import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { verifySignature } from '../../src/partners/webhook-signature';

export interface Received {
  eventId: string;
  type: string;
  body: string;
  signature: string;
  status: number;
  at: number;
}

/**
 * A partner's webhook endpoint on 127.0.0.1, as a partner would write it:
 * it answers 500 to the first `failFirst` attempts of each event, then 200,
 * and dedupes by event id (deliveries are at least once).
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  private server: Server | null = null;
  private readonly attemptsByEvent = new Map<string, number>();
  url = '';
  /** While true, every attempt gets a 503 (the partner's service is down). */
  down = false;

  constructor(private readonly failFirst: number) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        const eventId = String(req.headers['knowpay-event-id'] ?? '');
        const seen = (this.attemptsByEvent.get(eventId) ?? 0) + 1;
        this.attemptsByEvent.set(eventId, seen);
        const status = this.down ? 503 : seen <= this.failFirst ? 500 : 200;
        this.received.push({
          eventId,
          type: String(req.headers['knowpay-event-type']),
          body,
          signature: String(req.headers['knowpay-signature'] ?? ''),
          status,
          at: this.received.length,
        });
        res.statusCode = status;
        res.end(status === 200 ? 'ok' : 'try again later');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  /** Events acknowledged with 200, once each (deduped by event id). */
  delivered(): Received[] {
    const seen = new Set<string>();
    return this.received.filter((r) => r.status === 200 && !seen.has(r.eventId) && seen.add(r.eventId));
  }

  allSigned(secret: string): boolean {
    return this.received.every((r) => verifySignature(secret, r.body, r.signature));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
