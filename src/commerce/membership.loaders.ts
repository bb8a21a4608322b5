import { RequestLoader } from '../kernel/request-loader';
import { In } from 'typeorm';
import { manyByKey } from '../common/loader-results';
import { uniqueRowLoader } from '../db/row-loaders';
import { defineLoader } from '../kernel/context';
import { MembershipEntity } from './membership.entity';

export const membershipById = uniqueRowLoader(MembershipEntity, 'id');

/**
 * SQL condition for "this membership gives access now": TRIALING or ACTIVE
 * through the period end (a day's slack for a renewal in flight, none once
 * canceled), PAST_DUE through the retry grace period.
 */
export function membershipGivesAccessSql(alias: string, graceSecondsParam: string): string {
  return `((${alias}.status IN ('TRIALING', 'ACTIVE') AND ${alias}.current_period_end
              + CASE WHEN ${alias}.cancel_at_period_end THEN interval '0' ELSE interval '1 day' END > now())
        OR (${alias}.status = 'PAST_DUE' AND ${alias}.past_due_since + make_interval(secs => ${graceSecondsParam}) > now()))`;
}

export function accessGraceSeconds(config: { commerce: { renewalRetrySeconds: number; renewalRetries: number } }): number {
  return config.commerce.renewalRetrySeconds * (config.commerce.renewalRetries + 1);
}

/** Per course id: whether one of the viewer's memberships gives access to it now. */
export const viewerMembershipAccess = defineLoader(
  (ctx) =>
    new RequestLoader<string, boolean>(async (courseIds) => {
      if (!ctx.user) return courseIds.map(() => false);
      const rows: Array<{ course_id: string }> = await ctx.db.query(
        `SELECT DISTINCT pc.course_id FROM memberships m JOIN plan_courses pc ON pc.plan_id = m.plan_id
        WHERE m.user_id = $1 AND pc.course_id = ANY($2::uuid[]) AND ${membershipGivesAccessSql('m', '$3')}`,
        [ctx.user.id, [...courseIds], accessGraceSeconds(ctx.config)],
      );
      const covered = new Set(rows.map((r) => r.course_id));
      return courseIds.map((id) => covered.has(id));
    }),
);

export const membershipsByUserId = defineLoader(
  (ctx) =>
    new RequestLoader<string, MembershipEntity[]>(async (userIds) =>
      manyByKey(
        await ctx.db.getRepository(MembershipEntity).find({ where: { userId: In([...userIds]) }, order: { createdAt: 'DESC' } }),
        userIds,
        (m) => m.userId,
      ),
    ),
);
