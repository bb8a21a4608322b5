import type { CrashServer } from './crash-server';
import { startLoad } from './crash-load';
import { CrashWorld, sleep } from './crash-world';
import { InvariantInputs, moneyInvariantProblems, moneySafetyProblems } from './money-invariants';

export interface CrashRunReport {
  rounds: number;
  /** Milliseconds from SIGKILL to /readyz answering again, per round. */
  restartMs: number[];
  /** The first round after which a safety invariant failed, with its problems (none: null). */
  unsafe: { round: number; problems: string[] } | null;
  /** From the load's end to every invariant holding (or the give-up time). */
  convergeMs: number;
  /** What still failed after `settleMs` (empty: the run passed). */
  problems: string[];
}

/**
 * Runs `clients` load loops against `server` and kills it with SIGKILL after
 * a random 0.3–1.2 s of load, `rounds` times, restarting it after up to
 * 0.3 s. After every restart the safety invariants must hold at once; after
 * the last one the load stops, and within `settleMs` everything started
 * must have finished (settlements, expiries, refunds, partner deliveries).
 */
export async function runCrashRounds(
  server: CrashServer,
  world: CrashWorld,
  inputs: InvariantInputs,
  options: { rounds: number; clients: number; settleMs: number },
): Promise<CrashRunReport> {
  const load = startLoad(world, options.clients);
  const restartMs: number[] = [];
  let unsafe: CrashRunReport['unsafe'] = null;
  for (let round = 0; round < options.rounds && !unsafe; round++) {
    await sleep(300 + Math.floor(world.random() * 900));
    const killedAt = Date.now();
    await server.kill();
    await sleep(Math.floor(world.random() * 300));
    await server.start();
    restartMs.push(Date.now() - killedAt);
    const problems = await moneySafetyProblems(inputs);
    if (problems.length) unsafe = { round, problems };
  }
  await load.stop();
  const stoppedAt = Date.now();
  let problems = await moneyInvariantProblems(inputs);
  while (problems.length && Date.now() - stoppedAt < options.settleMs) {
    await sleep(500);
    problems = await moneyInvariantProblems(inputs);
  }
  return { rounds: restartMs.length, restartMs, unsafe, convergeMs: Date.now() - stoppedAt, problems };
}

export interface MoneyFigures {
  paidPurchases: number;
  expiredPurchases: number;
  refundsSettled: number;
  refundsFailed: number;
  renewalsPaid: number;
  partnerSales: number;
  seatPacks: number;
  partnerEvents: number;
  partnerAttempts: number;
}

/** What the load made happen, read from the database. */
export async function moneyFigures(db: { query(sql: string): Promise<{ rows: any[] }> }): Promise<MoneyFigures> {
  const {
    rows: [row],
  } = await db.query(`SELECT
      (SELECT count(*) FROM orders WHERE kind = 'PURCHASE' AND status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED'))::int AS "paidPurchases",
      (SELECT count(*) FROM orders WHERE kind = 'PURCHASE' AND status = 'CANCELED')::int AS "expiredPurchases",
      (SELECT count(*) FROM refunds WHERE status = 'SETTLED')::int AS "refundsSettled",
      (SELECT count(*) FROM refunds WHERE status = 'FAILED')::int AS "refundsFailed",
      (SELECT count(*) FROM orders o JOIN memberships m ON m.id = o.membership_id WHERE o.status = 'PAID' AND o.period_start > m.created_at + interval '2 seconds')::int AS "renewalsPaid",
      (SELECT count(*) FROM orders WHERE kind = 'PARTNER_SALE')::int AS "partnerSales",
      (SELECT count(*) FROM orders WHERE kind = 'SEAT_PACK')::int AS "seatPacks",
      (SELECT count(*) FROM webhook_events)::int AS "partnerEvents",
      (SELECT count(*) FROM webhook_delivery_attempts)::int AS "partnerAttempts"`);
  return row;
}
