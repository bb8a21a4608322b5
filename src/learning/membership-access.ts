import type { DomainContext } from '../kernel/context';

/**
 * What learning needs from commerce to decide access, inverted: whether one
 * of the viewer's live memberships includes a course. Commerce implements it
 * (src/commerce/membership-access.ts) and the composition root wires it, so
 * learning never imports commerce (commerce is above it: purchases grant
 * enrollments here).
 */
export interface MembershipAccess {
  coversCourse(ctx: DomainContext, courseId: string): Promise<boolean>;
}

declare module '../kernel/context' {
  interface AppServices {
    membershipAccess: MembershipAccess;
  }
}
