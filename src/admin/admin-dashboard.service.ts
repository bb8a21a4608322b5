import { requireRole } from '../common/auth-checker';
import { badUserInput } from '../common/errors';
import { Money } from '../common/money';
import { Role } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import { AdminDashboard, DashboardCountDay, DashboardRevenueSeries } from './admin-dashboard.types';

export const MAX_DASHBOARD_DAYS = 366;
const DAY_MS = 86_400_000;

interface Period {
  /** UTC midnight of the first day. */
  start: Date;
  /** UTC midnight after the last day (exclusive). */
  end: Date;
  days: string[];
}

function periodOf(days: number, now = new Date()): Period {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS);
  const start = new Date(end.getTime() - days * DAY_MS);
  const list = Array.from({ length: days }, (_, i) => new Date(start.getTime() + i * DAY_MS).toISOString().slice(0, 10));
  return { start, end, days: list };
}

const UTC_DAY = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;

async function dailyCounts(ctx: DomainContext, table: string, column: string, period: Period): Promise<DashboardCountDay[]> {
  const rows: Array<{ day: string; count: string }> = await ctx.db.query(
    `SELECT ${UTC_DAY(column)} AS day, count(*) AS count FROM ${table} WHERE ${column} >= $1 AND ${column} < $2 GROUP BY 1`,
    [period.start, period.end],
  );
  const byDay = new Map(rows.map((r) => [r.day, Number(r.count)]));
  return period.days.map((day) => ({ day, count: byDay.get(day) ?? 0 }));
}

/**
 * Revenue per currency and day: the totals of orders paid that day, less the
 * refunds settled that day, in minor units as stored (never converted).
 */
async function revenueSeries(ctx: DomainContext, period: Period): Promise<DashboardRevenueSeries[]> {
  const rows: Array<{ day: string; currency: string; orders: string; gross: string; refunded: string }> = await ctx.db.query(
    `SELECT day, currency, sum(orders) AS orders, sum(gross) AS gross, sum(refunded) AS refunded FROM (
       SELECT ${UTC_DAY('paid_at')} AS day, currency, count(*) AS orders, sum(total_amount) AS gross, 0 AS refunded
         FROM orders WHERE paid_at >= $1 AND paid_at < $2 GROUP BY 1, 2
       UNION ALL
       SELECT ${UTC_DAY('settled_at')}, currency, 0, 0, sum(amount)
         FROM refunds WHERE status = 'SETTLED' AND settled_at >= $1 AND settled_at < $2 GROUP BY 1, 2
     ) daily GROUP BY day, currency`,
    [period.start, period.end],
  );
  const currencies = [...new Set(rows.map((r) => r.currency.trim()))].sort();
  return currencies.map((currency) => {
    const byDay = new Map(rows.filter((r) => r.currency.trim() === currency).map((r) => [r.day, r]));
    const money = (amount: number) => Money.of({ amount, currency });
    const days = period.days.map((day) => {
      const row = byDay.get(day);
      const gross = Number(row?.gross ?? 0);
      const refunded = Number(row?.refunded ?? 0);
      return { day, paidOrders: Number(row?.orders ?? 0), gross: money(gross), refunded: money(refunded), net: money(gross - refunded) };
    });
    return { currency, total: money(days.reduce((sum, d) => sum + d.net.amount, 0)), days };
  });
}

/** Admins: the figures behind the dashboard's charts for the last `days` UTC days. */
export async function adminDashboard(ctx: DomainContext, days: number): Promise<AdminDashboard> {
  requireRole(ctx, Role.ADMIN, 'Only admins see the dashboard figures.');
  if (!Number.isInteger(days) || days < 1 || days > MAX_DASHBOARD_DAYS) {
    throw badUserInput(`"days" must be between 1 and ${MAX_DASHBOARD_DAYS} (got ${days}).`, 'days');
  }
  const period = periodOf(days);
  const [revenue, newEnrollments, newUsers, [open]] = await Promise.all([
    revenueSeries(ctx, period),
    dailyCounts(ctx, 'enrollments', 'enrolled_at', period),
    dailyCounts(ctx, 'users', 'created_at', period),
    ctx.db.query(`SELECT count(*) AS count FROM refunds WHERE status = 'REQUESTED'`) as Promise<Array<{ count: string }>>,
  ]);
  const sum = (list: Array<{ count: number }>) => list.reduce((total, d) => total + d.count, 0);
  return {
    days,
    from: period.days[0],
    to: period.days[period.days.length - 1],
    revenue,
    newEnrollments,
    newUsers,
    totals: {
      revenue: revenue.map((series) => series.total),
      paidOrders: revenue.reduce((total, series) => total + series.days.reduce((n, d) => n + d.paidOrders, 0), 0),
      newEnrollments: sum(newEnrollments),
      newUsers: sum(newUsers),
      openRefundRequests: Number(open.count),
    },
  };
}
