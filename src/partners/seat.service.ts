import { recordAudit } from '../audit/audit-log';
import { ErrorCode, invalidInput, notFound, UserFailure, alreadyExists } from '../common/errors';
import { idOfType } from '../common/global-id';
import { lockById } from '../db/row-locks';
import { inTransaction } from '../kernel/transaction';
import { normalizeEmail } from '../identity/identity.validation';
import { EnrollmentEntity, EnrollmentSource } from '../learning/enrollment.entity';
import { grantEnrollment, revokeEnrollment } from '../learning/enrollment-grants';
import type { DomainContext } from '../kernel/context';
import { OrganizationEntity } from './organization.entity';
import { managedOrganization } from './organization.service';
import type { AssignSeatInput } from './organization.types';
import { enrollmentData } from './webhook-payloads';
import { recordPartnerEvent } from './webhook-events';
import { findOrInviteCustomer } from './customer-invitation';

export interface SeatAssignment {
  enrollment: EnrollmentEntity;
  /** Set when the person had no password yet: a one-time set-password token for the caller to pass on. */
  invitationToken: string | null;
}

/**
 * Seats: a seat is one person, who may open any of the organization's
 * courses assigned to them. Assignments serialize on the organization's row
 * lock, and seats_used <= seats_total is also a CHECK, so concurrent assigns
 * can never overfill the pool. A person without a Knowpay account is invited,
 * as a partner sale's customer is.
 */
export async function assignSeat(ctx: DomainContext, input: AssignSeatInput): Promise<SeatAssignment> {
  const org = await managedOrganization(ctx, input.organizationId, ['input', 'organizationId']);
  const courseId = idOfType(input.courseId, 'Course');
  if (!courseId) throw invalidInput('courseId is not a Course ID.', ['input', 'courseId']);
  const email = normalizeEmail(input.email, ['input', 'email']);
  return inTransaction(ctx, async ({ manager }) => {
    const locked = (await lockById(manager, OrganizationEntity, org.id))!;
    const covered = await manager.query('SELECT 1 FROM organization_courses WHERE organization_id = $1 AND course_id = $2', [org.id, courseId]);
    if (!covered.length) throw notFound("This course is not one of the organization's courses.", ['input', 'courseId']);
    const person = await findOrInviteCustomer(ctx, manager, email, { partnerId: org.partnerId, ttlHours: ctx.config.invitationTtlHours });
    const seats: Array<{ course_id: string }> = await manager.query('SELECT course_id FROM organization_seats WHERE organization_id = $1 AND user_id = $2', [
      org.id,
      person.userId,
    ]);
    if (seats.some((s) => s.course_id === courseId)) throw alreadyExists('This person already has a seat for this course.', ['input', 'email']);
    if (seats.length === 0) {
      if (locked.seatsUsed >= locked.seatsTotal) {
        throw new UserFailure(ErrorCode.SEATS_EXHAUSTED, `All ${locked.seatsTotal} seats are taken; revoke one or buy more.`, ['input', 'organizationId']);
      }
      await manager.query('UPDATE organizations SET seats_used = seats_used + 1 WHERE id = $1', [org.id]);
    }
    await manager.query('INSERT INTO organization_seats (organization_id, user_id, course_id) VALUES ($1, $2, $3)', [org.id, person.userId, courseId]);
    const { enrollment, created } = await grantEnrollment(manager, { userId: person.userId, courseId, source: EnrollmentSource.SEAT });
    await recordAudit(manager, {
      actorId: ctx.user?.id ?? null,
      action: 'seat.assign',
      subjectType: 'Organization',
      subjectId: org.id,
      data: { userId: person.userId, courseId, apiKeyId: ctx.apiKey?.id ?? null },
    });
    if (created && org.partnerId) {
      await recordPartnerEvent(ctx.jobs, manager, {
        partnerId: org.partnerId,
        type: 'enrollment.created',
        subjectId: enrollment.id,
        data: { enrollment: enrollmentData(enrollment, { email, organizationId: org.id }) },
      });
    }
    return { enrollment, invitationToken: person.invitationToken };
  });
}

/** Frees the person's seat and takes back the access it gave (a course they bought themselves stays). */
export async function revokeSeat(ctx: DomainContext, organizationId: string, emailInput: string): Promise<EnrollmentEntity | null> {
  const org = await managedOrganization(ctx, organizationId, ['organizationId']);
  const email = normalizeEmail(emailInput, ['email']);
  return inTransaction(ctx, async ({ manager }) => {
    await lockById(manager, OrganizationEntity, org.id);
    const [user]: Array<{ id: string }> = await manager.query('SELECT id FROM users WHERE lower(email) = $1', [email]);
    const [removed]: [Array<{ course_id: string }>, number] = user
      ? await manager.query('DELETE FROM organization_seats WHERE organization_id = $1 AND user_id = $2 RETURNING course_id', [org.id, user.id])
      : [[], 0];
    if (!removed.length) throw notFound('This person holds no seat in this organization.', ['email']);
    await manager.query('UPDATE organizations SET seats_used = seats_used - 1 WHERE id = $1', [org.id]);
    let last: EnrollmentEntity | null = null;
    for (const { course_id: courseId } of removed) {
      // Another organization's seat may give the same course: then the access stays.
      const elsewhere = await manager.query('SELECT 1 FROM organization_seats WHERE user_id = $1 AND course_id = $2', [user.id, courseId]);
      last = (await manager.getRepository(EnrollmentEntity).findOneBy({ userId: user.id, courseId })) ?? last;
      if (!elsewhere.length) await revokeEnrollment(manager, { userId: user.id, courseId, source: EnrollmentSource.SEAT });
    }
    await recordAudit(manager, {
      actorId: ctx.user?.id ?? null,
      action: 'seat.revoke',
      subjectType: 'Organization',
      subjectId: org.id,
      data: { userId: user.id, courseIds: removed.map((r) => r.course_id), apiKeyId: ctx.apiKey?.id ?? null },
    });
    return last;
  });
}
