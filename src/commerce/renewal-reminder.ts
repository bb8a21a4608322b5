import { mailUser } from '../identity/account-mail';
import { defineJob } from '../jobs/job-queue';
import type { AppServices } from '../kernel/context';
import { inTransaction, type Transaction } from '../kernel/transaction';

/**
 * "Your membership renews soon": a job per period, enqueued with the
 * renewal job (RENEWAL_REMINDER_DAYS before the period ends; none when that
 * moment has passed). When it runs it mails only if the membership still
 * renews at that period's end (not canceled, not moved on), once per period.
 */
export async function scheduleRenewalReminder(
  services: Pick<AppServices, 'jobs' | 'config'>,
  tx: Transaction,
  membership: { id: string; currentPeriodEnd: Date },
): Promise<void> {
  const days = services.config.commerce.renewalReminderDays;
  if (days === 0) return;
  const at = new Date(membership.currentPeriodEnd.getTime() - days * 86_400_000);
  if (at.getTime() <= Date.now()) return;
  const periodEnd = membership.currentPeriodEnd.toISOString();
  await services.jobs.enqueue(
    remindRenewal,
    { membershipId: membership.id, periodEnd },
    { manager: tx.manager, startAfter: at, singletonKey: `${membership.id}:${periodEnd}` },
  );
}

export const remindRenewal = defineJob<{ membershipId: string; periodEnd: string }>({
  name: 'membership.renewal-reminder',
  async handle({ membershipId, periodEnd }, services) {
    await inTransaction(services, async ({ manager }) => {
      const [membership]: Array<{ user_id: string; plan: string; price_amount: number; price_currency: string }> = await manager.query(
        `SELECT m.user_id, p.name AS plan, p.price_amount, p.price_currency FROM memberships m JOIN membership_plans p ON p.id = m.plan_id
          WHERE m.id = $1 AND m.status IN ('ACTIVE', 'TRIALING') AND NOT m.cancel_at_period_end AND m.current_period_end = $2`,
        [membershipId, periodEnd],
      );
      if (!membership) return;
      await mailUser(
        services,
        manager,
        membership.user_id,
        'renewal-upcoming',
        {
          plan: membership.plan,
          price: { amount: membership.price_amount, currency: membership.price_currency },
          renewsAt: periodEnd,
        },
        { dedupeKey: `renewal-upcoming:${membershipId}:${periodEnd}` },
      );
    });
  },
});
