import type { EntityManager } from 'typeorm';
import { allocate, splitShare } from '../common/money';

/**
 * The double-entry ledger. Every movement of money is a journal of postings
 * that sum to zero (debits positive, credits negative); PostgreSQL checks
 * the balance at COMMIT and refuses UPDATE/DELETE. Journals are posted inside
 * the transaction that changes the order, tip or refund they record, and at
 * most once per order/tip/refund (unique indexes), so a replayed event cannot
 * post twice.
 *
 * Accounts: `cash:<provider>` (asset: money held at the payment provider),
 * `partner:<id>:receivable` and `organization:<id>:receivable` (assets: owed
 * by a reseller, or by an organization invoiced for seats), `creator:<id>:payable` (liability: owed to
 * the creator), `platform:revenue` (revenue), `cash:payouts` (asset: money
 * paid out to creators leaves from here) and `cash:bank` (asset: partners'
 * invoice payments arrive here). Postings carry the creator
 * whose sale they came from, for creator statements.
 */
export type JournalKind = 'SALE' | 'RENEWAL' | 'TIP' | 'REFUND' | 'PARTNER_SALE' | 'SEAT_PACK' | 'PAYOUT' | 'INVOICE_PAYMENT';

export interface Account {
  code: string;
  kind: 'ASSET' | 'LIABILITY' | 'REVENUE' | 'EXPENSE';
  creatorId?: string | null;
}

export const accounts = {
  cash: (provider: string): Account => ({ code: `cash:${provider}`, kind: 'ASSET' }),
  partnerReceivable: (partnerId: string): Account => ({ code: `partner:${partnerId}:receivable`, kind: 'ASSET' }),
  /** An organization that buys seats directly (no partner) is invoiced: Knowpay is owed the pack's price. */
  organizationReceivable: (organizationId: string): Account => ({ code: `organization:${organizationId}:receivable`, kind: 'ASSET' }),
  creatorPayable: (creatorId: string): Account => ({ code: `creator:${creatorId}:payable`, kind: 'LIABILITY', creatorId }),
  platformRevenue: (): Account => ({ code: 'platform:revenue', kind: 'REVENUE' }),
  payouts: (): Account => ({ code: 'cash:payouts', kind: 'ASSET' }),
  bank: (): Account => ({ code: 'cash:bank', kind: 'ASSET' }),
};

export interface Posting {
  account: Account;
  /** Debit positive, credit negative, minor units. */
  amount: number;
  creatorId?: string | null;
}

export interface JournalInput {
  kind: JournalKind;
  currency: string;
  memo: string;
  orderId?: string | null;
  tipId?: string | null;
  refundId?: string | null;
  postings: Posting[];
  /** When the movement happened (services' clock); default: now. */
  postedAt?: Date;
}

async function accountIds(manager: EntityManager, list: Account[]): Promise<Map<string, string>> {
  // In code order, so concurrent journals creating the same new accounts lock them in the same order.
  const unique = [...new Map(list.map((a) => [a.code, a])).values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const ids = new Map<string, string>();
  for (let attempt = 0; attempt < 2 && ids.size < unique.length; attempt += 1) {
    const rows: Array<{ id: string; code: string }> = await manager.query(
      `WITH wanted AS (SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[]) AS w(code, kind, creator_id)),
            created AS (INSERT INTO ledger_accounts (code, kind, creator_id) SELECT code, kind, creator_id FROM wanted
                        ON CONFLICT (code) DO NOTHING RETURNING id, code)
       SELECT id, code FROM created UNION ALL SELECT a.id, a.code FROM ledger_accounts a JOIN wanted w ON w.code = a.code`,
      [unique.map((a) => a.code), unique.map((a) => a.kind), unique.map((a) => a.creatorId ?? null)],
    );
    for (const row of rows) ids.set(row.code, row.id);
  }
  return ids;
}

/** Posts a balanced journal; returns its id, or null when this order/tip/refund was already posted. */
export async function postJournal(manager: EntityManager, journal: JournalInput): Promise<string | null> {
  const postings = journal.postings.filter((p) => p.amount !== 0);
  const sum = postings.reduce((total, p) => total + p.amount, 0);
  if (sum !== 0) throw new Error(`journal "${journal.memo}" does not balance (off by ${sum})`);
  if (postings.length === 0) return null;
  const inserted: Array<{ id: string }> = await manager.query(
    `INSERT INTO ledger_journals (kind, order_id, tip_id, refund_id, currency, memo, created_at) VALUES ($1, $2, $3, $4, $5, $6, coalesce($7, now()))
     ON CONFLICT DO NOTHING RETURNING id`,
    [journal.kind, journal.orderId ?? null, journal.tipId ?? null, journal.refundId ?? null, journal.currency, journal.memo, journal.postedAt ?? null],
  );
  if (!inserted.length) return null;
  const journalId = inserted[0].id;
  const ids = await accountIds(
    manager,
    postings.map((p) => p.account),
  );
  await manager.query(
    `INSERT INTO ledger_postings (journal_id, account_id, amount, creator_id)
     SELECT $1, * FROM unnest($2::uuid[], $3::bigint[], $4::uuid[])`,
    [journalId, postings.map((p) => ids.get(p.account.code)), postings.map((p) => p.amount), postings.map((p) => p.creatorId ?? p.account.creatorId ?? null)],
  );
  return journalId;
}

/** Net amounts per creator (after discounts), split between creator and platform. */
export function revenueSplit(lines: Array<{ creatorId: string; net: number }>, creatorShareBps: number): Posting[] {
  const postings: Posting[] = [];
  for (const line of lines) {
    const { share, rest } = splitShare(line.net, creatorShareBps);
    postings.push({ account: accounts.creatorPayable(line.creatorId), amount: -share, creatorId: line.creatorId });
    postings.push({ account: accounts.platformRevenue(), amount: -rest, creatorId: line.creatorId });
  }
  return mergePostings(postings);
}

function mergePostings(postings: Posting[]): Posting[] {
  const merged = new Map<string, Posting>();
  for (const p of postings) {
    const key = `${p.account.code}|${p.creatorId ?? ''}`;
    const existing = merged.get(key);
    if (existing) existing.amount += p.amount;
    else merged.set(key, { ...p });
  }
  return [...merged.values()].filter((p) => p.amount !== 0);
}

/**
 * A refund reverses what is left of an order's journals, in proportion: the
 * creator and platform shares are debited back and the asset the money came
 * into (the provider's cash, or a partner's receivable) is credited, so that
 * refunding the whole remainder brings every account back to exactly zero
 * for that order.
 */
export async function refundReversal(manager: EntityManager, orderId: string, amount: number): Promise<Posting[]> {
  const rows: Array<{ code: string; kind: Account['kind']; account_creator: string | null; creator_id: string | null; remaining: string }> =
    await manager.query(
      `SELECT a.code, a.kind, a.creator_id AS account_creator, p.creator_id,
            CASE WHEN a.kind = 'ASSET' THEN sum(p.amount) ELSE -sum(p.amount) END AS remaining
       FROM ledger_postings p JOIN ledger_journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
      WHERE j.order_id = $1
      GROUP BY a.code, a.kind, a.creator_id, p.creator_id
     HAVING CASE WHEN a.kind = 'ASSET' THEN sum(p.amount) ELSE -sum(p.amount) END > 0
      ORDER BY a.code, p.creator_id`,
      [orderId],
    );
  const reverse = (side: typeof rows, sign: 1 | -1): Posting[] => {
    const remaining = side.map((r) => Number(r.remaining));
    const total = remaining.reduce((a, b) => a + b, 0);
    if (amount > total) throw new Error(`refund of ${amount} exceeds the ${total} left on order ${orderId}`);
    const parts = allocate(amount, remaining);
    return side.map((r, i) => ({ account: { code: r.code, kind: r.kind, creatorId: r.account_creator }, amount: sign * parts[i], creatorId: r.creator_id }));
  };
  return [
    ...reverse(
      rows.filter((r) => r.kind !== 'ASSET'),
      1,
    ),
    ...reverse(
      rows.filter((r) => r.kind === 'ASSET'),
      -1,
    ),
  ];
}

/** Problems with the books; empty when every journal balances and balances match orders, tips and refunds. */
export async function ledgerProblems(manager: Pick<EntityManager, 'query'>): Promise<string[]> {
  const problems: string[] = [];
  const unbalanced: Array<{ id: string; total: string }> = await manager.query(
    'SELECT journal_id AS id, sum(amount) AS total FROM ledger_postings GROUP BY journal_id HAVING sum(amount) <> 0',
  );
  for (const j of unbalanced) problems.push(`journal ${j.id} is off by ${j.total}`);
  // Each check aggregates the asset postings once and joins (per-row subqueries get quadratic on big books).
  const assets = (owner: 'order_id' | 'tip_id' | 'refund_id') => `
    SELECT j.${owner} AS owner, sum(p.amount) AS booked FROM ledger_postings p JOIN ledger_journals j ON j.id = p.journal_id
      JOIN ledger_accounts a ON a.id = p.account_id WHERE a.kind = 'ASSET' AND j.${owner} IS NOT NULL GROUP BY j.${owner}`;
  const orders: Array<{ id: string; expected: string; booked: string }> = await manager.query(`
    SELECT o.id, (o.total_amount - o.refunded_amount) AS expected, coalesce(b.booked, 0) AS booked
      FROM orders o LEFT JOIN (${assets('order_id')}) b ON b.owner = o.id
     WHERE o.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED') AND (o.total_amount - o.refunded_amount) <> coalesce(b.booked, 0)`);
  for (const o of orders) problems.push(`order ${o.id}: ${o.expected} paid net of refunds, ${o.booked} booked`);
  const unpaid: Array<{ id: string }> = await manager.query(`
    SELECT DISTINCT o.id FROM orders o JOIN ledger_journals j ON j.order_id = o.id WHERE o.status NOT IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')`);
  for (const o of unpaid) problems.push(`order ${o.id} is not paid but has journals`);
  const tips: Array<{ id: string; amount: number; booked: string }> = await manager.query(`
    SELECT t.id, t.amount, coalesce(b.booked, 0) AS booked FROM tips t LEFT JOIN (${assets('tip_id')}) b ON b.owner = t.id
     WHERE t.status = 'PAID' AND t.amount <> coalesce(b.booked, 0)`);
  for (const t of tips) problems.push(`tip ${t.id}: ${t.amount} paid, ${t.booked} booked`);
  const refunds: Array<{ id: string; amount: number; booked: string }> = await manager.query(`
    SELECT r.id, r.amount, -coalesce(b.booked, 0) AS booked FROM refunds r LEFT JOIN (${assets('refund_id')}) b ON b.owner = r.id
     WHERE r.status = 'SETTLED' AND r.amount <> -coalesce(b.booked, 0)`);
  for (const r of refunds) problems.push(`refund ${r.id}: ${r.amount} refunded, ${r.booked} booked`);
  return problems;
}
