import { ledgerProblems } from '../../src/commerce/ledger';
import type { StripeStore } from './stripe-objects';

/**
 * What must hold for money after any crash, once the system has had time
 * to finish what it started (the crash tests wait for that first). Each
 * check returns human-readable problems; an empty list means the books,
 * the provider and the partners agree.
 */
export interface SqlClient {
  query<T = any[]>(sql: string, params?: unknown[]): Promise<T>;
}

export interface PartnerDelivery {
  eventId: string;
  status: number;
}

export interface InvariantInputs {
  db: SqlClient;
  /** The Stripe stand-in's objects, when Stripe was the provider. */
  stripe?: StripeStore;
  /** What the partner's endpoint received, in arrival order. */
  partnerDeliveries?: PartnerDelivery[];
  /** Every order id each checkout idempotency key was answered with, as the clients saw it. */
  answersByKey?: Map<string, Set<string>>;
}

async function noOrderPaidTwice(db: SqlClient): Promise<string[]> {
  const rows = await db.query(`
    SELECT o.id, o.code, count(p.id) FILTER (WHERE p.status = 'SUCCEEDED') AS succeeded,
           (SELECT count(*) FROM ledger_journals j WHERE j.order_id = o.id AND j.kind <> 'REFUND') AS journals
      FROM orders o LEFT JOIN payments p ON p.order_id = o.id GROUP BY o.id
    HAVING count(p.id) FILTER (WHERE p.status = 'SUCCEEDED') > 1 OR (SELECT count(*) FROM ledger_journals j WHERE j.order_id = o.id AND j.kind <> 'REFUND') > 1`);
  return rows.map((r) => `order ${r.code} paid twice: ${r.succeeded} succeeded payments, ${r.journals} sale journals`);
}

async function oneOrderPerKey(db: SqlClient, answersByKey?: Map<string, Set<string>>): Promise<string[]> {
  const problems: string[] = [];
  for (const [key, orders] of answersByKey ?? []) if (orders.size > 1) problems.push(`checkout key ${key} was answered with ${orders.size} orders`);
  const orphans = await db.query(`
    SELECT o.code FROM orders o WHERE o.kind = 'PURCHASE'
       AND NOT EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.operation = 'checkout' AND k.result->>'orderId' = o.id::text)`);
  for (const o of orphans) problems.push(`order ${o.code} belongs to no checkout key`);
  const sales = await db.query(`SELECT order_id, count(*) AS n FROM partner_sales WHERE order_id IS NOT NULL GROUP BY order_id HAVING count(*) > 1`);
  for (const s of sales) problems.push(`partner sale order ${s.order_id} answers ${s.n} keys`);
  // Packs after an organization's first (bought with createOrganization) come from buySeats, one per key.
  const packs = await db.query(`
    SELECT o.id FROM orders o WHERE o.kind = 'SEAT_PACK'
       AND o.created_at > (SELECT min(first.created_at) FROM orders first WHERE first.organization_id = o.organization_id)
       AND NOT EXISTS (SELECT 1 FROM seat_pack_purchases s WHERE s.order_id = o.id)`);
  for (const p of packs) problems.push(`seat pack ${p.id} belongs to no purchase key`);
  return problems;
}

async function couponsHeldByLiveOrdersOnly(db: SqlClient): Promise<string[]> {
  const problems: string[] = [];
  const coupons = await db.query(`
    SELECT c.code, c.redemptions, (SELECT count(*) FROM orders o WHERE o.coupon_id = c.id AND o.status <> 'CANCELED')::int AS live FROM coupons c`);
  for (const c of coupons)
    if (Number(c.redemptions) !== Number(c.live)) problems.push(`coupon ${c.code}: ${c.redemptions} redemptions for ${c.live} live orders`);
  const overdue = await db.query(`SELECT code, status FROM orders WHERE status IN ('PENDING_PAYMENT', 'FAILED') AND expires_at < now() - interval '2 seconds'`);
  for (const o of overdue) problems.push(`order ${o.code} is ${o.status} past its expiry`);
  return problems;
}

async function nothingStuck(db: SqlClient): Promise<string[]> {
  const problems: string[] = [];
  for (const r of await db.query(`SELECT id, status, attempts, last_error FROM refunds WHERE status IN ('APPROVED', 'PROCESSING')`)) {
    problems.push(`refund ${r.id} is stuck ${r.status} after ${r.attempts} attempts (${r.last_error ?? 'no error'})`);
  }
  for (const p of await db.query(`SELECT id FROM payments WHERE status = 'CREATING'`)) problems.push(`payment ${p.id} is still CREATING`);
  for (const d of await db.query(`SELECT id, attempts FROM webhook_deliveries WHERE status <> 'SUCCEEDED'`))
    problems.push(`webhook delivery ${d.id} not delivered after ${d.attempts} attempts`);
  return problems;
}

type StripeIntent = { id: string; status: string; amount: number; metadata: Record<string, string> };
type StripeRefund = { id: string; status: string; metadata: Record<string, string> };

/** Never two charges for one order, never two provider refunds for one refund (at every moment, crash or not). */
function providerChargedOnce(stripe: StripeStore): string[] {
  const problems: string[] = [];
  const count = (keys: Array<string | undefined>) => {
    const seen = new Map<string, number>();
    for (const key of keys) if (key) seen.set(key, (seen.get(key) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1);
  };
  const intents = [...stripe.paymentIntents.values()] as unknown as StripeIntent[];
  for (const [orderId, n] of count(intents.filter((pi) => pi.status === 'succeeded').map((pi) => pi.metadata.knowpay_order_id)))
    problems.push(`Stripe charged order ${orderId} ${n} times`);
  const refunds = [...stripe.refunds.values()] as unknown as StripeRefund[];
  for (const [refundId, n] of count(refunds.map((re) => re.metadata.knowpay_refund_id))) problems.push(`Stripe refunded refund ${refundId} ${n} times`);
  return problems;
}

/** What the provider did, the books show (once the events have arrived). */
async function providerAndBooksAgree(db: SqlClient, stripe: StripeStore): Promise<string[]> {
  const problems = providerChargedOnce(stripe);
  const taken = ([...stripe.paymentIntents.values()] as unknown as StripeIntent[]).filter((pi) => pi.status === 'succeeded' && pi.metadata.knowpay_order_id);
  const orders = new Map(
    (await db.query('SELECT id, code, status FROM orders WHERE id = ANY($1)', [taken.map((pi) => pi.metadata.knowpay_order_id)])).map((o) => [o.id, o]),
  );
  for (const pi of taken) {
    const order = orders.get(pi.metadata.knowpay_order_id);
    if (!order || !['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED'].includes(order.status))
      problems.push(`Stripe took ${pi.amount} on ${pi.id} but order ${order?.code ?? pi.metadata.knowpay_order_id} is ${order?.status ?? 'missing'}`);
  }
  const paidBack = ([...stripe.refunds.values()] as unknown as StripeRefund[]).filter((re) => re.status === 'succeeded' && re.metadata.knowpay_refund_id);
  const refunds = new Map(
    (await db.query('SELECT id, status FROM refunds WHERE id = ANY($1)', [paidBack.map((re) => re.metadata.knowpay_refund_id)])).map((r) => [r.id, r]),
  );
  for (const re of paidBack) {
    const ours = refunds.get(re.metadata.knowpay_refund_id);
    if (ours?.status !== 'SETTLED')
      problems.push(`Stripe paid refund ${re.id} back but refund ${re.metadata.knowpay_refund_id} is ${ours?.status ?? 'missing'}`);
  }
  return problems;
}

/** Every event a partner was sent arrived (a 200) at least once, and per subject the first arrivals follow the events' order. */
async function partnersToldInOrder(db: SqlClient, deliveries: PartnerDelivery[]): Promise<string[]> {
  const problems: string[] = [];
  const firstOk = new Map<string, number>();
  deliveries.forEach((d, at) => {
    if (d.status === 200 && !firstOk.has(d.eventId)) firstOk.set(d.eventId, at);
  });
  const events = await db.query(`SELECT e.id, e.type, e.subject_id, e.sequence FROM webhook_events e ORDER BY e.sequence`);
  const lastBySubject = new Map<string, number>();
  for (const e of events) {
    const at = firstOk.get(e.id);
    if (at === undefined) {
      problems.push(`partner never received ${e.type} ${e.id}`);
      continue;
    }
    const before = lastBySubject.get(e.subject_id);
    if (before !== undefined && before > at) problems.push(`${e.type} ${e.id} reached the partner before an earlier event about ${e.subject_id}`);
    lastBySubject.set(e.subject_id, at);
  }
  return problems;
}

async function accessMatchesOrders(db: SqlClient): Promise<string[]> {
  const rows = await db.query(`
    SELECT o.code, l.course_id FROM orders o JOIN order_lines l ON l.order_id = o.id
     WHERE o.kind IN ('PURCHASE', 'PARTNER_SALE') AND o.status IN ('PAID', 'PARTIALLY_REFUNDED') AND l.course_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.user_id = o.buyer_id AND e.course_id = l.course_id)`);
  const seats = await db.query(`
    SELECT org.id, org.seats_total, coalesce((SELECT sum(l.quantity) FROM orders o JOIN order_lines l ON l.order_id = o.id AND l.position = 1
                                              WHERE o.organization_id = org.id AND o.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')), 0) AS bought
      FROM organizations org`);
  return [
    ...rows.map((r) => `paid order ${r.code} gave no access to course ${r.course_id}`),
    ...seats.filter((s) => Number(s.seats_total) > Number(s.bought)).map((s) => `organization ${s.id} has ${s.seats_total} seats but bought ${s.bought}`),
  ];
}

/**
 * The invariants that hold at every instant, even right after a kill:
 * balanced journals, cash per order, nothing paid or refunded twice, one
 * order per idempotency key.
 */
export async function moneySafetyProblems(inputs: InvariantInputs): Promise<string[]> {
  const { db } = inputs;
  return [
    ...(await ledgerProblems(db)),
    ...(await noOrderPaidTwice(db)),
    ...(await oneOrderPerKey(db, inputs.answersByKey)),
    ...(inputs.stripe ? providerChargedOnce(inputs.stripe) : []),
  ];
}

/** Safety, plus everything that must have finished once the system is quiet: settlements, expiries, refunds, deliveries. */
export async function moneyInvariantProblems(inputs: InvariantInputs): Promise<string[]> {
  const { db } = inputs;
  return [
    ...(await ledgerProblems(db)),
    ...(await noOrderPaidTwice(db)),
    ...(await oneOrderPerKey(db, inputs.answersByKey)),
    ...(await couponsHeldByLiveOrdersOnly(db)),
    ...(await nothingStuck(db)),
    ...(inputs.stripe ? await providerAndBooksAgree(db, inputs.stripe) : []),
    ...(inputs.partnerDeliveries ? await partnersToldInOrder(db, inputs.partnerDeliveries) : []),
    ...(await accessMatchesOrders(db)),
  ];
}

/** A node-postgres pool as the SqlClient the checks take. */
export function sqlClientOf(pool: { query(sql: string, params?: unknown[]): Promise<{ rows: any[] }> }): SqlClient {
  return { query: async (sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as any };
}
