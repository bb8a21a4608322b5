import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { Role } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import { adminDashboard } from './admin-dashboard.service';
import { AdminDashboard } from './admin-dashboard.types';

@Resolver()
export class AdminDashboardResolver {
  @Authorized(Role.ADMIN)
  @Query(() => AdminDashboard, { description: 'Admins: revenue per currency, new enrollments and new users per day over the last `days` days (1..366).' })
  adminDashboard(@Ctx() ctx: DomainContext, @Arg('days', () => Int, { defaultValue: 30 }) days: number): Promise<AdminDashboard> {
    return adminDashboard(ctx, days);
  }
}
