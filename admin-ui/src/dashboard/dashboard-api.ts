import { gql } from '../graphql-client';

const MONEY = 'amount currency formatted';

export const ADMIN_DASHBOARD = `query($days: Int) { adminDashboard(days: $days) {
  days from to
  totals { paidOrders newEnrollments newUsers openRefundRequests revenue { ${MONEY} } }
  revenue { currency total { ${MONEY} } days { day paidOrders gross { amount } refunded { amount } net { amount } } }
  newEnrollments { day count }
  newUsers { day count } } }`;

export const MODERATION_METRICS = `query($days: Int) { moderationMetrics(days: $days) { day opened resolved removed precision recall } }`;

export interface DashboardData {
  days: number;
  from: string;
  to: string;
  totals: { paidOrders: number; newEnrollments: number; newUsers: number; openRefundRequests: number; revenue: Array<{ formatted: string }> };
  revenue: Array<{
    currency: string;
    total: { formatted: string };
    days: Array<{ day: string; paidOrders: number; gross: { amount: number }; refunded: { amount: number }; net: { amount: number } }>;
  }>;
  newEnrollments: Array<{ day: string; count: number }>;
  newUsers: Array<{ day: string; count: number }>;
}

export interface ModerationDay {
  day: string;
  opened: number;
  resolved: number;
  removed: number;
  precision: number | null;
  recall: number | null;
}

export const loadDashboard = (days: number) => gql<{ adminDashboard: DashboardData }>(ADMIN_DASHBOARD, { days }).then((d) => d.adminDashboard);
export const loadModerationMetrics = (days: number) =>
  gql<{ moderationMetrics: ModerationDay[] }>(MODERATION_METRICS, { days }).then((d) => d.moderationMetrics);

/** Minor units to the currency's major unit for plotting (JPY has none, CNY/USD two). */
export function majorUnits(amount: number, currency: string): number {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return amount / 10 ** digits;
}
