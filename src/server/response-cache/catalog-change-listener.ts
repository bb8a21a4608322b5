import { Client } from 'pg';
import type { Logger } from '../../kernel/logger';

export const CATALOG_CHANNEL = 'knowpay_catalog';

/**
 * Listens on PostgreSQL's `knowpay_catalog` channel, where triggers announce
 * committed changes to what catalog pages show (see the CatalogChangeSignals
 * migration), and reports the course ids (or `*`) once per tick, however many
 * rows a transaction touched. After a lost connection it reconnects with
 * backoff and reports `*`: changes made while it was away went unheard.
 */
export class CatalogChangeListener {
  private client: Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private pending = new Set<string>();

  private constructor(
    private readonly connectionString: string,
    private readonly logger: Logger,
    private readonly onChange: (courseIds: string[]) => void,
  ) {}

  static async start(connectionString: string, logger: Logger, onChange: (courseIds: string[]) => void): Promise<CatalogChangeListener> {
    const listener = new CatalogChangeListener(connectionString, logger, onChange);
    await listener.connect();
    return listener;
  }

  private note(payload: string): void {
    if (this.pending.size === 0) setImmediate(() => this.flush());
    this.pending.add(payload);
  }

  private flush(): void {
    const ids = [...this.pending];
    this.pending = new Set();
    if (ids.length) this.onChange(ids);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.connectionString, connectionTimeoutMillis: 5000, keepAlive: true });
    client.on('notification', (message) => {
      if (message.channel === CATALOG_CHANNEL && message.payload) this.note(message.payload);
    });
    client.on('error', (error) => {
      this.logger.warn(`catalog change signals: ${error.message}; reconnecting`);
      this.reconnectLater(client);
    });
    client.on('end', () => this.reconnectLater(client));
    await client.connect();
    await client.query(`LISTEN ${CATALOG_CHANNEL}`);
    this.client = client;
    if (this.attempt > 0) this.note('*');
    this.attempt = 0;
  }

  private reconnectLater(client: Client): void {
    if (this.stopped || this.client !== client || this.retryTimer) return;
    this.client = null;
    void client.end().catch(() => undefined);
    const delay = Math.min(30_000, 250 * 2 ** Math.min(this.attempt, 7));
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.stopped) return;
      this.connect().catch((error: Error) => {
        this.logger.warn(`catalog change signals: reconnect failed (${error.message})`);
        this.client = client;
        this.reconnectLater(client);
      });
    }, delay);
    this.retryTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
