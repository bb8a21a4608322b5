import type { MembershipAccess } from '../learning/membership-access';
import { viewerMembershipAccess } from './membership.loaders';

/** Learning's membership access port: a live membership (trialing, active, or past due within the grace period) whose plan includes the course. */
export const membershipAccess: MembershipAccess = {
  coversCourse: (ctx, courseId) => ctx.loaders.get(viewerMembershipAccess).load(courseId),
};
