import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { Course, Offer, OfferKind } from '../catalog/catalog.types';
import type { CourseEntity } from '../catalog/course.entity';
import { recordCoursePageImpression } from '../catalog/price-shown';
import { Money } from '../common/money';
import type { DomainContext } from '../kernel/context';
import { thenNow } from '../kernel/request-loader';
import type { MembershipPlanEntity } from './membership-plan.entity';
import { plansByCourseId } from './membership-plan.loaders';

/** How a course can be had: its one-time price, the membership plans that include it, or free. */
@Resolver(() => Course)
export class CourseOffersResolver {
  @FieldResolver(() => [Offer], { description: 'Ways to get access: one-time price, included plans, free.' })
  offers(@Root() course: CourseEntity, @Ctx() ctx: DomainContext, @Info() info: GraphQLResolveInfo): Offer[] | Promise<Offer[]> {
    // Pricing evidence: the one-time price seen on a single-course page (not in lists).
    const recorded = recordCoursePageImpression(ctx, info, course);
    const offers = thenNow(ctx.loaders.now(plansByCourseId, course.id), (plans) => offersOf(course, plans));
    return recorded ? recorded.then(() => offers) : offers;
  }
}

function offersOf(course: CourseEntity, plans: MembershipPlanEntity[]): Offer[] {
  const offers: Offer[] = [];
  if (course.priceAmount == null) offers.push({ kind: OfferKind.FREE, price: null, courseId: course.id });
  else offers.push({ kind: OfferKind.ONE_TIME, price: Money.of({ amount: course.priceAmount, currency: course.priceCurrency! }), courseId: course.id });
  for (const plan of plans) {
    offers.push({
      kind: OfferKind.MEMBERSHIP,
      price: Money.of({ amount: plan.priceAmount, currency: plan.priceCurrency }),
      planId: plan.id,
      courseId: course.id,
    });
  }
  return offers;
}
