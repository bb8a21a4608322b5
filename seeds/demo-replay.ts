import { type AppServices, type ApiKeyPrincipal, createDomainContext, type DomainContext } from '../src/kernel/context';
import type { Role } from '../src/kernel/roles';

/**
 * Replaying the demo's history: each scene runs with services whose clock
 * (src/kernel/clock.ts) stands at the scene's moment, and acts as a person
 * through a context like a request's, so what the services stamp (orders
 * placed and paid, journals, refunds, moderation decisions) carries the day
 * it happened, not the day the seeder ran. A clock per scene, not one moved
 * along, lets independent scenes (checkouts) run side by side.
 */
export interface Replay {
  services: AppServices;
}

export function replayAt(services: AppServices, moment: Date): Replay {
  return { services: { ...services, clock: () => moment } };
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
