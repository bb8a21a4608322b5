import { Client } from 'pg';
import type { Logger } from '../kernel/logger';
import type { AccessSignal } from './socket-sessions';

export const ACCESS_CHANNEL = 'knowpay_access';

/**
 * Listens on PostgreSQL's `knowpay_access` channel, where triggers announce
 * committed changes to users, enrollments, memberships and courses (see the
 * AccessSignals migration). Every instance listens on its own connection, so
 * a ban made through one instance (or a job, or a SQL console) reaches the
 * sockets of all of them without Redis. After a lost connection it
 * reconnects with backoff and reports `{ kind: 'all' }`: signals sent while
 * it was away are gone, so everyone re-checks.
 */
export class AccessSignalListener {
  private client: Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private attempt = 0;

  private constructor(
    private readonly connectionString: string,
    private readonly logger: Logger,
    private readonly onSignal: (signal: AccessSignal) => void,
  ) {}

  static async start(connectionString: string, logger: Logger, onSignal: (signal: AccessSignal) => void): Promise<AccessSignalListener> {
    const listener = new AccessSignalListener(connectionString, logger, onSignal);
    await listener.connect();
    return listener;
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.connectionString, connectionTimeoutMillis: 5000, keepAlive: true });
    client.on('notification', (message) => {
      if (message.channel !== ACCESS_CHANNEL || !message.payload) return;
      try {
        this.onSignal(JSON.parse(message.payload) as AccessSignal);
      } catch (error) {
        this.logger.warn(`access signal ignored: ${(error as Error).message}`);
      }
    });
    client.on('error', (error) => {
      this.logger.warn(`access signals: ${error.message}; reconnecting`);
      this.reconnectLater(client);
    });
    client.on('end', () => this.reconnectLater(client));
    await client.connect();
    await client.query(`LISTEN ${ACCESS_CHANNEL}`);
    this.client = client;
    if (this.attempt > 0) this.onSignal({ kind: 'all' });
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
        this.logger.warn(`access signals: reconnect failed (${error.message})`);
        this.client = client; // so the next failure schedules another try
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
