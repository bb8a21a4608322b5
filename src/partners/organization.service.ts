import { recordAudit } from '../audit/audit-log';
import { forbidden, invalidInput, notFound, unauthenticated } from '../common/errors';
import { idOfType } from '../common/global-id';
import { inTransaction } from '../kernel/transaction';
import { boundedText, normalizeEmail } from '../identity/identity.validation';
import type { DomainContext } from '../kernel/context';
import { OrganizationEntity } from './organization.entity';
import type { CreateOrganizationInput } from './organization.types';
import { callingPartnerId, isAdmin, partnerActedFor } from './partner-access';
import { buyPackFor } from './seat-pool';

const MAX_SEATS = 1_000_000;
const MAX_COURSES = 100;
const MAX_ADMINS = 20;

/**
 * Admins (for any partner or none) or partners (for themselves, with
 * seats:write). `seatsTotal` seats are bought as the organization's first
 * pack (commerce/seat-packs.ts), in the same transaction: a partner's organization
 * owes it at the partner's wholesale prices, one Knowpay sells to directly
 * is invoiced at list prices.
 */
export async function createOrganization(ctx: DomainContext, input: CreateOrganizationInput): Promise<OrganizationEntity> {
  const partnerId =
    !ctx.apiKey && isAdmin(ctx) && input.partnerId == null ? null : await partnerActedFor(ctx, 'seats:write', input.partnerId, ['input', 'partnerId']);
  const name = boundedText(input.name, ['input', 'name'], { min: 1, max: 200 });
  if (!Number.isInteger(input.seatsTotal) || input.seatsTotal < 0 || input.seatsTotal > MAX_SEATS) {
    throw invalidInput(`seatsTotal must be a whole number from 0 to ${MAX_SEATS}.`, ['input', 'seatsTotal']);
  }
  if (input.courseIds.length === 0 || input.courseIds.length > MAX_COURSES) throw invalidInput(`Give 1 to ${MAX_COURSES} courses.`, ['input', 'courseIds']);
  const courseIds = [
    ...new Set(
      input.courseIds.map((id, i) => {
        const raw = idOfType(id, 'Course');
        if (!raw) throw invalidInput('Not a Course ID.', ['input', 'courseIds', String(i)]);
        return raw;
      }),
    ),
  ];
  const adminEmails = input.adminEmails ?? [];
  if (adminEmails.length > MAX_ADMINS) throw invalidInput(`At most ${MAX_ADMINS} admins.`, ['input', 'adminEmails']);
  const emails = adminEmails.map((email, i) => normalizeEmail(email, ['input', 'adminEmails', String(i)]));

  return inTransaction(ctx, async (tx) => {
    const { manager } = tx;
    if (partnerId && !(await manager.query('SELECT 1 FROM partners WHERE id = $1', [partnerId])).length)
      throw notFound('No partner with this ID.', ['input', 'partnerId']);
    const published: Array<{ id: string }> = await manager.query(`SELECT id FROM courses WHERE id = ANY($1) AND status = 'PUBLISHED'`, [courseIds]);
    const missing = courseIds.findIndex((id) => !published.some((c) => c.id === id));
    if (missing >= 0) throw notFound('No published course with this ID.', ['input', 'courseIds', String(missing)]);
    const admins: Array<{ id: string; email: string }> = emails.length
      ? await manager.query('SELECT id, lower(email) AS email FROM users WHERE lower(email) = ANY($1)', [emails])
      : [];
    const unknown = emails.findIndex((email) => !admins.some((a) => a.email === email));
    if (unknown >= 0) throw notFound('No Knowpay account with this email; they sign up first.', ['input', 'adminEmails', String(unknown)]);

    const [{ id }] = await manager.query('INSERT INTO organizations (name, partner_id, seats_total) VALUES ($1, $2, 0) RETURNING id', [name, partnerId]);
    await manager.query('INSERT INTO organization_courses (organization_id, course_id) SELECT $1, unnest($2::uuid[])', [id, courseIds]);
    if (input.seatsTotal > 0) await buyPackFor(ctx, tx, { id, partnerId }, input.seatsTotal, ['input', 'seatsTotal']);
    if (admins.length)
      await manager.query('INSERT INTO organization_admins (organization_id, user_id) SELECT $1, unnest($2::uuid[])', [id, admins.map((a) => a.id)]);
    await recordAudit(manager, {
      actorId: ctx.user?.id ?? null,
      action: 'organization.create',
      subjectType: 'Organization',
      subjectId: id,
      data: { name, partnerId, seatsTotal: input.seatsTotal, courseIds, adminUserIds: admins.map((a) => a.id), apiKeyId: ctx.apiKey?.id ?? null },
    });
    return manager.getRepository(OrganizationEntity).findOneByOrFail({ id });
  });
}

/** Who may buy seats for an organization: Knowpay admins, and its partner (a key with seats:write, or a member); its own admins only assign them. */
export async function canBuySeats(ctx: DomainContext, org: OrganizationEntity): Promise<boolean> {
  if (isAdmin(ctx) && !ctx.apiKey) return true;
  return org.partnerId !== null && (await callingPartnerId(ctx, 'seats:write')) === org.partnerId;
}

/**
 * Who manages an organization's seats and sees its members: Knowpay admins,
 * the organization's admins, and its partner (a key with `scope`, or a member).
 */
export async function canManageOrganization(
  ctx: DomainContext,
  org: OrganizationEntity,
  scope: 'seats:write' | 'catalog:read' = 'seats:write',
): Promise<boolean> {
  if (isAdmin(ctx) && !ctx.apiKey) return true;
  if (ctx.apiKey && ctx.apiKey.partnerId === org.partnerId) {
    if (!ctx.apiKey.scopes.includes(scope) && !ctx.apiKey.scopes.includes('seats:write')) throw forbidden(`This API key lacks the "${scope}" scope.`);
    return true;
  }
  if (ctx.apiKey) return false;
  if (org.partnerId && (await callingPartnerId(ctx, scope)) === org.partnerId) return true;
  if (!ctx.user) return false;
  const admin = await ctx.db.query('SELECT 1 FROM organization_admins WHERE organization_id = $1 AND user_id = $2', [org.id, ctx.user.id]);
  return admin.length > 0;
}

/** The organization when the caller manages it; NOT_FOUND otherwise, so IDs of others' organizations reveal nothing. */
export async function managedOrganization(ctx: DomainContext, globalId: string, field: string[]): Promise<OrganizationEntity> {
  if (!ctx.user && !ctx.apiKey) throw unauthenticated();
  const id = idOfType(globalId, 'Organization');
  if (!id) throw invalidInput('Not an Organization ID.', field);
  const org = await ctx.db.getRepository(OrganizationEntity).findOneBy({ id });
  if (!org || !(await canManageOrganization(ctx, org))) throw notFound('No organization with this ID that you manage.', field);
  return org;
}
