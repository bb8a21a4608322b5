import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { courseById } from '../catalog/catalog.loaders';
import { Course } from '../catalog/catalog.types';
import { CourseEntity } from '../catalog/course.entity';
import { EnrollmentPayload } from '../commerce/commerce.types';
import { idOfType } from '../common/global-id';
import { registerNodeType } from '../common/node';
import { connectionFrom, pageRequest } from '../common/pagination';
import { payload } from '../common/payload';
import { EnrollmentEntity } from '../learning/enrollment.entity';
import { EnrollmentConnection } from '../learning/enrollment.types';
import type { DomainContext } from '../kernel/context';
import { OrganizationEntity } from './organization.entity';
import { canManageOrganization, createOrganization } from './organization.service';
import { Money } from '../common/money';
import { AssignSeatInput, BuySeatsInput, CreateOrganizationInput, Organization, OrganizationPayload, SeatPackPayload } from './organization.types';
import { buySeats } from './seat-purchase.service';
import { Partner } from './partner.types';
import { PartnerEntity } from './partner.entity';
import { courseIdsByOrganizationId, organizationById, partnerById, spentByOrganizationId } from './partners.loaders';
import { assignSeat, revokeSeat } from './seat.service';

async function visibleOrganization(ctx: DomainContext, id: string): Promise<OrganizationEntity | null> {
  const org = await ctx.loaders.get(organizationById).load(id);
  return org && (await canManageOrganization(ctx, org, 'catalog:read')) ? org : null;
}

registerNodeType('Organization', OrganizationEntity, visibleOrganization);

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => Organization, { nullable: true, description: "Knowpay admins, the organization's admins, and its partner." })
  organization(@Arg('id', () => ID) id: string, @Ctx() ctx: DomainContext): Promise<OrganizationEntity | null> | null {
    const raw = idOfType(id, 'Organization');
    return raw ? visibleOrganization(ctx, raw) : null;
  }

  @FieldResolver(() => [Course])
  async courses(@Root() org: OrganizationEntity, @Ctx() ctx: DomainContext): Promise<CourseEntity[]> {
    const ids = await ctx.loaders.get(courseIdsByOrganizationId).load(org.id);
    const courses = await ctx.loaders.get(courseById).loadMany(ids);
    return courses.filter((c): c is CourseEntity => c instanceof CourseEntity);
  }

  @FieldResolver(() => Partner, { nullable: true, description: 'The partner that sold the seats.' })
  partner(@Root() org: OrganizationEntity, @Ctx() ctx: DomainContext): Promise<PartnerEntity | null> | null {
    return org.partnerId ? ctx.loaders.get(partnerById).load(org.partnerId) : null;
  }

  @FieldResolver(() => EnrollmentConnection, { description: "Seat holders' enrollments in the organization's courses, with their progress." })
  async members(
    @Root() org: OrganizationEntity,
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const page = pageRequest(first, after);
    const [rows, totalCount] = await ctx.db
      .getRepository(EnrollmentEntity)
      .createQueryBuilder('e')
      .innerJoin('organization_seats', 's', 's.user_id = e.user_id AND s.course_id = e.course_id AND s.organization_id = :orgId', { orgId: org.id })
      .orderBy('s.assigned_at', 'ASC')
      .addOrderBy('e.id')
      .offset(page.offset)
      .limit(page.limit)
      .getManyAndCount();
    return connectionFrom(rows, totalCount, page);
  }

  @Mutation(() => OrganizationPayload, { description: 'Admins or partners: an enterprise customer with a pool of seats.' })
  createOrganization(@Arg('input') input: CreateOrganizationInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => createOrganization(ctx, input),
      (organization) => ({ organization }),
    );
  }

  @Mutation(() => SeatPackPayload, {
    description: 'Its partner (seats:write) or admins: buy another pack of seats, paid through the one settlement path (see Organization.seatsTotal).',
  })
  buySeats(@Arg('input') input: BuySeatsInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => buySeats(ctx, input),
      (purchase) => purchase,
    );
  }

  @FieldResolver(() => [Money], { description: 'What its seat packs cost, net of refunds, one entry per currency (exactAmount is exact at any size).' })
  async totalSpent(@Root() org: OrganizationEntity, @Ctx() ctx: DomainContext): Promise<Money[]> {
    const rows = await ctx.loaders.get(spentByOrganizationId).load(org.id);
    return rows.map((row) => Money.of({ amount: row.total, currency: row.currency }));
  }

  @Mutation(() => EnrollmentPayload, {
    description:
      "The organization's admins or its partner (seats:write): give a person a seat for one of its courses. A person without an account is invited: invitationToken is their one-time set-password token (acceptInvitation), shown once.",
  })
  assignSeat(@Arg('input') input: AssignSeatInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => assignSeat(ctx, input),
      (seat) => seat,
    );
  }

  @Mutation(() => EnrollmentPayload, { description: "Frees the person's seat and removes the access it gave; returns the enrollment as it was." })
  revokeSeat(@Arg('organizationId', () => ID) organizationId: string, @Arg('email') email: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => revokeSeat(ctx, organizationId, email),
      (enrollment) => ({ enrollment }),
    );
  }
}
