import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { CourseConnection, CourseOrder } from '../catalog/catalog.types';
import { CourseStatus } from '../catalog/course.entity';
import { courseConnection } from '../catalog/course-listing';
import { OrderConnection } from '../commerce/commerce.types';
import { RefundConnection } from '../commerce/refund.types';
import { OrderStatus } from '../commerce/order.entity';
import { RefundStatus } from '../commerce/refund.entity';
import { Role } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import { ordersPage, refundsPage } from './admin-commerce.service';

const ALL_COURSE_STATUSES = Object.values(CourseStatus);

/** The admin panel's lists across every owner: courses in any status, all orders, refund requests. */
@Resolver()
export class AdminListingsResolver {
  @Authorized(Role.ADMIN, Role.MODERATOR)
  @Query(() => CourseConnection, {
    description: 'Admins and moderators: courses in every status (suspended ones too), newest first or by relevance to `query`.',
  })
  adminCourses(
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('query', () => String, { nullable: true }) query?: string | null,
    @Arg('status', () => CourseStatus, { nullable: true }) status?: CourseStatus | null,
  ) {
    const searching = !!query?.trim();
    return courseConnection(ctx, first, after, searching ? { query } : null, searching ? CourseOrder.RELEVANCE : CourseOrder.NEWEST, {
      statuses: status ? [status] : ALL_COURSE_STATUSES,
    });
  }

  @Authorized(Role.ADMIN)
  @Query(() => OrderConnection, { description: 'Admins: every order, newest first.' })
  adminOrders(
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('status', () => OrderStatus, { nullable: true }) status?: OrderStatus | null,
  ) {
    return ordersPage(ctx, status, first, after);
  }

  @Authorized(Role.ADMIN)
  @Query(() => RefundConnection, { description: 'Admins: refund requests, oldest first (the order to decide them in).' })
  refundRequests(
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('status', () => RefundStatus, { nullable: true }) status?: RefundStatus | null,
  ) {
    return refundsPage(ctx, status, first, after);
  }
}
