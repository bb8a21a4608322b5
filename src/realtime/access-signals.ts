import type { Logger } from '../kernel/logger';
import { PgChannelListener } from './pg-channel-listener';
import type { AccessSignal } from './socket-sessions';

export const ACCESS_CHANNEL = 'knowpay_access';

/**
 * Listens on PostgreSQL's `knowpay_access` channel, where triggers announce
 * committed changes to users, enrollments, memberships and courses (see the
 * AccessSignals migration). Every instance listens on its own connection, so
 * a ban made through one instance (or a job, or a SQL console) reaches the
 * sockets of all of them without Redis. After a lost connection it reports
 * `{ kind: 'all' }`: signals sent while it was away are gone, so everyone
 * re-checks.
 */
export class AccessSignalListener {
  private constructor(private readonly listener: PgChannelListener) {}

  static async start(connectionString: string, logger: Logger, onSignal: (signal: AccessSignal) => void): Promise<AccessSignalListener> {
    const listener = await PgChannelListener.start(connectionString, ACCESS_CHANNEL, logger, {
      onPayload: (payload) => {
        try {
          onSignal(JSON.parse(payload) as AccessSignal);
        } catch (error) {
          logger.warn(`access signal ignored: ${(error as Error).message}`);
        }
      },
      onReconnect: () => onSignal({ kind: 'all' }),
    });
    return new AccessSignalListener(listener);
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }
}
