import type { AuthUser } from '../kernel/context';

/** graphql-ws's close code for a refused connection (bad, expired or revoked token; banned user). */
export const FORBIDDEN_CLOSE_CODE = 4403;

/**
 * One graphql-ws connection's signed-in user, kept current for as long as the
 * socket lives. Subscriptions watch it: when the user's standing or access
 * changes, each watcher re-checks its own topic before another event flows.
 */
export class SocketSession {
  private readonly watchers = new Set<() => void>();
  private expiryTimer: NodeJS.Timeout | null = null;
  closed = false;

  constructor(
    public user: AuthUser | null,
    readonly token: string | null,
    private readonly closeSocket: (code: number, reason: string) => void,
  ) {}

  /** `recheck` runs whenever this session's user or access may have changed; the result unwatches. */
  watch(recheck: () => void): () => void {
    this.watchers.add(recheck);
    return () => this.watchers.delete(recheck);
  }

  changed(): void {
    for (const recheck of [...this.watchers]) recheck();
  }

  /** Closes the socket when the token expires (`expiresAt` in ms since the epoch). */
  expireAt(expiresAt: number | null): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
    if (expiresAt === null) return;
    const delay = Math.max(0, expiresAt - Date.now());
    this.expiryTimer = setTimeout(() => this.close(FORBIDDEN_CLOSE_CODE, 'Forbidden: the token has expired'), Math.min(delay, 2 ** 31 - 1));
    this.expiryTimer.unref();
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.forget();
    this.closeSocket(code, reason);
  }

  /** Stops the expiry timer and drops the watchers. */
  forget(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.watchers.clear();
  }
}

/** What changed, as announced on `knowpay_access` (see migrations/…-AccessSignals.ts). */
export type AccessSignal =
  | { kind: 'user'; userId: string }
  | { kind: 'access'; userId: string }
  | { kind: 'course'; courseId: string }
  /** Signals may have been missed (the listener reconnected): everyone re-checks. */
  | { kind: 'all' };

/**
 * This instance's signed-in sockets by user. A user signal re-authenticates
 * the user's sockets (a ban, a revoked token → closed with 4403; new roles →
 * taken up) and makes their subscriptions re-check; an access signal (a
 * refund, a revoked seat, a membership that ended) only the latter.
 */
export class SocketSessions {
  private readonly byUser = new Map<string, Set<SocketSession>>();

  constructor(private readonly reauthenticate: (token: string) => Promise<AuthUser>) {}

  add(session: SocketSession): void {
    if (!session.user) return;
    let sessions = this.byUser.get(session.user.id);
    if (!sessions) this.byUser.set(session.user.id, (sessions = new Set()));
    sessions.add(session);
  }

  /** The socket is gone. */
  remove(session: SocketSession): void {
    session.closed = true;
    session.forget();
    this.detach(session);
  }

  private detach(session: SocketSession): void {
    if (!session.user) return;
    const sessions = this.byUser.get(session.user.id);
    sessions?.delete(session);
    if (sessions?.size === 0) this.byUser.delete(session.user.id);
  }

  get size(): number {
    let count = 0;
    for (const sessions of this.byUser.values()) count += sessions.size;
    return count;
  }

  async handle(signal: AccessSignal): Promise<void> {
    if (signal.kind === 'access') {
      for (const session of this.byUser.get(signal.userId) ?? []) session.changed();
      return;
    }
    if (signal.kind === 'user') {
      await Promise.all([...(this.byUser.get(signal.userId) ?? [])].map((session) => this.refresh(session)));
      return;
    }
    const everyone = [...this.byUser.values()].flatMap((sessions) => [...sessions]);
    if (signal.kind === 'all')
      await Promise.all(
        everyone.map(async (session) => {
          if (await this.refresh(session)) session.changed();
        }),
      );
    else for (const session of everyone) session.changed();
  }

  /** Re-authenticates a session's token: refused → the socket closes with 4403; else the fresh user (roles) is taken up. */
  async refresh(session: SocketSession): Promise<boolean> {
    if (!session.token || session.closed) return !session.closed;
    const before = session.user;
    try {
      session.user = await this.reauthenticate(session.token);
    } catch (error) {
      this.detach(session);
      session.close(FORBIDDEN_CLOSE_CODE, `Forbidden: ${(error as Error).message}`.slice(0, 120));
      return false;
    }
    if (before?.roles.join() !== session.user.roles.join()) session.changed();
    return true;
  }
}

declare module '../kernel/context' {
  interface DomainContext {
    /** For operations over graphql-ws: the socket's session, kept current as the user's standing changes. */
    session?: SocketSession | null;
  }
}
