import type { Logger } from '../../kernel/logger';
import { PgChannelListener } from '../../realtime/pg-channel-listener';

export const CATALOG_CHANNEL = 'knowpay_catalog';

/**
 * Listens on PostgreSQL's `knowpay_catalog` channel, where triggers announce
 * committed changes to what catalog pages show (see the CatalogChangeSignals
 * migration), and reports the course ids (or `*`) once per tick, however many
 * rows a transaction touched. After a lost connection it reports `*`:
 * changes made while it was away went unheard.
 */
export class CatalogChangeListener {
  private pending = new Set<string>();
  private listener: PgChannelListener | null = null;

  private constructor(private readonly onChange: (courseIds: string[]) => void) {}

  static async start(connectionString: string, logger: Logger, onChange: (courseIds: string[]) => void): Promise<CatalogChangeListener> {
    const changes = new CatalogChangeListener(onChange);
    changes.listener = await PgChannelListener.start(connectionString, CATALOG_CHANNEL, logger, {
      onPayload: (payload) => changes.note(payload),
      onReconnect: () => changes.note('*'),
    });
    return changes;
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

  async stop(): Promise<void> {
    await this.listener?.stop();
  }
}
