import type { DataSource } from 'typeorm';
import { monthOf, lastClosedMonth, type Month } from '../../src/common/month';

/**
 * Time travel for the books. Journals take the database's now() when they are
 * posted and the ledger is append-only (triggers refuse UPDATE), so a test
 * that needs last month's sales posts them now and then moves every journal
 * posted since `since` to `at`, with the triggers off for that one
 * transaction (session_replication_role, superuser in the test database
 * only). Tests run what happens in a month before what happens in the next,
 * so the books stay in time order.
 */
export async function moveJournalsTo(db: DataSource, since: Date, at: Date): Promise<number> {
  return db.transaction(async (manager) => {
    await manager.query(`SET LOCAL session_replication_role = replica`);
    const [, moved]: [unknown[], number] = await manager.query(`UPDATE ledger_journals SET created_at = $2 WHERE created_at >= $1`, [since, at]);
    return moved;
  });
}

/** The database's clock, so `since` marks are taken on the same clock that stamps journals. */
export async function databaseNow(db: DataSource): Promise<Date> {
  const [{ now }] = await db.query('SELECT clock_timestamp() AS now');
  return new Date(now);
}

/** The closed month `monthsBack` months before the last one (0: the last closed month). */
export function closedMonth(monthsBack = 0): Month {
  const last = lastClosedMonth();
  return monthOf(last.start.getUTCFullYear(), last.start.getUTCMonth() - monthsBack);
}

/** A moment inside `month`, `day` days after it began. */
export const dayOf = (month: Month, day: number) => new Date(month.start.getTime() + day * 86_400_000);
