import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import Stripe from 'stripe';
import { StripeEvent } from './stripe-objects';

/**
 * Webhook delivery for the local Stripe test server. Events are POSTed as
 * Stripe does (pretty-printed JSON, `Stripe-Signature: t=…,v1=…` made with the
 * SDK's own generateTestHeaderString), automatically or under the test's
 * control: pause() queues events, deliver()/deliverAll() send them (again,
 * out of order, or badly signed), resume() goes back to automatic delivery.
 */

export interface WebhookEndpointConfig {
  url: string;
  /** Signing secret; one is generated when left out. */
  secret?: string;
  /** Event types to send, e.g. ['payment_intent.succeeded']; default every event ('*'). */
  events?: string[];
}

export type SignatureKind = 'valid' | 'forged' | 'stale' | 'tampered';

/**
 * How automatic delivery misbehaves, like real Stripe under load: each event
 * goes out after a random delay (so events overtake each other), some are
 * sent twice, and a delivery that fails (no answer, or not 2xx: the server
 * is down or restarting) is sent again later, as Stripe retries for days.
 */
export interface DeliveryChaos {
  /** Share of events delivered twice (0..1). */
  duplicateRate?: number;
  /** Each automatic delivery waits 0..maxDelayMs first. */
  maxDelayMs?: number;
  /** Delays between redeliveries of a failed event; it is dropped after the last one. Default none. */
  retryDelaysMs?: number[];
  /** Random source (defaults to Math.random); pass a seeded one for reproducible runs. */
  random?: () => number;
}

export interface DeliverOptions {
  /** Send the same event this many times (duplicate delivery). Default 1. */
  times?: number;
  /**
   * 'forged': signed with another secret. 'stale': valid signature, timestamp 10 minutes old. 'tampered': the
   * genuine signature of the event, sent with a body whose payment status was rewritten. Default 'valid'.
   */
  signature?: SignatureKind;
}

export interface WebhookDelivery {
  eventId: string;
  type: string;
  signature: SignatureKind;
  /** HTTP status of the endpoint's response, null when the request failed. */
  status: number | null;
  ok: boolean;
  responseBody: string;
  error?: string;
  payload: string;
  header: string;
  deliveredAt: Date;
}

const STALE_SECONDS = 600;

export class StripeWebhooks {
  /** Every delivery attempt, in the order they completed. */
  readonly deliveries: WebhookDelivery[] = [];
  private endpoint: Required<WebhookEndpointConfig> | null = null;
  private paused = false;
  private queue: StripeEvent[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly waiters: Array<{ match: (d: WebhookDelivery) => boolean; resolve: (d: WebhookDelivery) => void }> = [];
  private behaviour: DeliveryChaos | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly timeoutMs = 10_000) {}

  /** Turns on (or, with null, off) delays, duplicates and redelivery of failed events for automatic delivery. */
  chaos(behaviour: DeliveryChaos | null): void {
    this.behaviour = behaviour;
  }

  /** Deliveries scheduled (delayed or to be retried) and not yet sent. */
  get scheduled(): number {
    return this.timers.size;
  }

  /** Forgets scheduled deliveries and retries (the server is going away). */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private sendAutomatically(event: StripeEvent, retry = 0): void {
    const chaos = this.behaviour;
    if (!chaos) {
      void this.track(this.send(event, 'valid'));
      return;
    }
    const random = chaos.random ?? Math.random;
    const copies = retry === 0 && random() < (chaos.duplicateRate ?? 0) ? 2 : 1;
    for (let copy = 0; copy < copies; copy++) {
      this.later(Math.floor(random() * (chaos.maxDelayMs ?? 0)), () => {
        if (!this.endpoint) return;
        void this.track(this.send(event, 'valid')).then((delivery) => {
          const delays = chaos.retryDelaysMs ?? [];
          if (!delivery.ok && copy === 0 && retry < delays.length && this.behaviour === chaos)
            this.later(delays[retry], () => this.sendAutomatically(event, retry + 1));
        });
      });
    }
  }

  /** Sets (or replaces) the endpoint; returns its signing secret. */
  configure(config: WebhookEndpointConfig): { url: string; secret: string } {
    const secret = config.secret ?? `whsec_${randomBytes(24).toString('hex')}`;
    if (!secret.startsWith('whsec_')) throw new Error('webhook secrets start with whsec_');
    this.endpoint = { url: config.url, secret, events: config.events ?? ['*'] };
    return { url: config.url, secret };
  }

  /** Removes the endpoint; later events are not sent nor queued. */
  disable(): void {
    this.endpoint = null;
  }

  get secret(): string {
    return this.requireEndpoint().secret;
  }

  /** Whether an event of this type goes to the endpoint. */
  wants(type: string): boolean {
    return this.endpoint !== null && (this.endpoint.events.includes('*') || this.endpoint.events.includes(type));
  }

  /** Called by the server for every event it generates. */
  handle(event: StripeEvent): void {
    if (!this.wants(event.type)) return;
    if (this.paused) this.queue.push(event);
    else this.sendAutomatically(event);
  }

  /** Stop sending; events are queued until delivered or resume(). */
  pause(): void {
    this.paused = true;
  }

  /** Events queued while paused, oldest first. */
  pending(): StripeEvent[] {
    return [...this.queue];
  }

  /** Drops the queued events without sending them. */
  clearPending(): void {
    this.queue = [];
  }

  /** Sends one event (queued or not) now; it leaves the queue. Resolves with one delivery per time. */
  async deliver(event: StripeEvent, options: DeliverOptions = {}): Promise<WebhookDelivery[]> {
    this.queue = this.queue.filter((queued) => queued.id !== event.id);
    const results: WebhookDelivery[] = [];
    for (let i = 0; i < (options.times ?? 1); i++) {
      results.push(await this.track(this.send(event, options.signature ?? 'valid')));
    }
    return results;
  }

  /** Sends every queued event, one after another, in queue order or reversed or shuffled. */
  async deliverAll(options: { order?: 'queued' | 'reverse' | 'shuffled'; signature?: SignatureKind } = {}): Promise<WebhookDelivery[]> {
    const events = this.queue;
    this.queue = [];
    if (options.order === 'reverse') events.reverse();
    if (options.order === 'shuffled') {
      for (let i = events.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [events[i], events[j]] = [events[j], events[i]];
      }
    }
    const results: WebhookDelivery[] = [];
    for (const event of events) results.push(...(await this.deliver(event, { signature: options.signature })));
    return results;
  }

  /** Back to automatic delivery; queued events are sent first unless `deliverPending` is false. */
  async resume(options: { deliverPending?: boolean } = {}): Promise<WebhookDelivery[]> {
    this.paused = false;
    if (options.deliverPending === false) {
      this.queue = [];
      return [];
    }
    return this.deliverAll();
  }

  /** Resolves once no delivery is in flight. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Resolves with the first delivery (past or future) of an event of this type, or matching the predicate. */
  waitFor(match: string | ((delivery: WebhookDelivery) => boolean), timeoutMs = 5_000): Promise<WebhookDelivery> {
    const predicate = typeof match === 'string' ? (d: WebhookDelivery) => d.type === match : match;
    const done = this.deliveries.find(predicate);
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const waiter = { match: predicate, resolve: (d: WebhookDelivery) => (clearTimeout(timer), resolve(d)) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no webhook delivery matching ${String(match)} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  reset(): void {
    this.deliveries.length = 0;
    this.queue = [];
    this.paused = false;
    this.behaviour = null;
    this.close();
  }

  private requireEndpoint(): Required<WebhookEndpointConfig> {
    if (!this.endpoint) throw new Error('no webhook endpoint configured: call server.webhooks.configure({ url })');
    return this.endpoint;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise)).catch(() => undefined);
    return promise;
  }

  private async send(event: StripeEvent, signature: SignatureKind): Promise<WebhookDelivery> {
    const { url, secret } = this.requireEndpoint();
    const signed = JSON.stringify(event, null, 2);
    const payload = signature === 'tampered' ? tamper(event) : signed;
    const now = Math.floor(Date.now() / 1000);
    const header = Stripe.webhooks.generateTestHeaderString({
      payload: signed,
      secret: signature === 'forged' ? `whsec_forged_${randomBytes(8).toString('hex')}` : secret,
      timestamp: signature === 'stale' ? now - STALE_SECONDS : now,
    });
    const delivery: WebhookDelivery = {
      eventId: event.id,
      type: event.type,
      signature,
      status: null,
      ok: false,
      responseBody: '',
      payload,
      header,
      deliveredAt: new Date(),
    };
    try {
      const response = await post(
        url,
        payload,
        {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Stripe-Signature': header,
        },
        this.timeoutMs,
      );
      delivery.status = response.status;
      delivery.ok = response.status >= 200 && response.status < 300;
      delivery.responseBody = response.body;
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
    }
    delivery.deliveredAt = new Date();
    this.deliveries.push(delivery);
    for (const waiter of this.waiters.filter((w) => w.match(delivery))) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(delivery);
    }
    return delivery;
  }
}

/** The event as an attacker who captured it would rewrite it: a failure turned into a success (or the reverse). */
function tamper(event: StripeEvent): string {
  const swapped = event.type === 'payment_intent.payment_failed' ? 'payment_intent.succeeded' : 'payment_intent.payment_failed';
  const object = {
    ...(event.data.object as Record<string, unknown>),
    status: swapped === 'payment_intent.succeeded' ? 'succeeded' : 'requires_payment_method',
  };
  return JSON.stringify({ ...event, type: swapped, data: { ...event.data, object } }, null, 2);
}

/** One POST without connection reuse, so no socket outlives a test. */
function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  const request = target.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      { method: 'POST', headers: { ...headers, 'Content-Length': Buffer.byteLength(body) }, agent: false, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`webhook endpoint did not answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
