import { type AppServices, type ApiKeyPrincipal, createDomainContext, type DomainContext } from '../src/kernel/context';
import type { Role } from '../src/kernel/roles';

/**
 * Replaying the demo's history: the services carry a clock (src/kernel/clock.ts)
 * that this moves from one moment of the story to the next, and every step
 * acts as a person through a context like a request's, so what the services
 * stamp (orders placed and paid, journals, refunds, moderation decisions)
 * carries the day it happened, not the day the seeder ran.
 */
export class ReplayClock {
  private at: Date;

  constructor(start: Date) {
    this.at = start;
  }

  now(): Date {
    return this.at;
  }

  /** Moves to `moment`; the story never runs backwards, so an earlier moment keeps the clock where it is. */
  moveTo(moment: Date): void {
    if (moment.getTime() > this.at.getTime()) this.at = moment;
  }
}

export interface Replay {
  services: AppServices;
  clock: ReplayClock;
}

export function replayOn(services: AppServices, start: Date): Replay {
  const clock = new ReplayClock(start);
  return { services: { ...services, clock: () => clock.now() }, clock };
}

/** A context for someone acting at the replay's current moment: a signed-in user, or a partner's API key. */
export function actingAs(replay: Replay, who: { id: string; roles: Role[] } | { apiKey: ApiKeyPrincipal }): DomainContext {
  const caller = 'apiKey' in who ? { user: null, apiKey: who.apiKey } : { user: { id: who.id, roles: who.roles } };
  return createDomainContext({ ...replay.services, ...caller, clientAddress: 'demo-seed' });
}

/** One thing that happened at one moment of the story. */
export interface Scene {
  at: Date;
  /** Short name for progress and error messages ("checkout", "tip", …). */
  kind: string;
  play(replay: Replay): Promise<void>;
}
