import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../src/common/global-id';
import { CrashWorld, GaveUp, rawId, sleep } from './crash-world';

/**
 * The mixed load of the crash tests. Each operation is what a real client
 * does, retried through crashes with the same idempotency key until the
 * server answers: checkouts (sometimes sent twice at once; then paid,
 * declined then paid, or abandoned to expire), refunds requested and
 * approved, membership renewals coming due, seat packs, partner sales and
 * their refunds. Webhooks (Stripe's to the server, the server's to the
 * partner) flow meanwhile.
 */

const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { order { id status payment { status clientSecret } } errors { code message } } }`;
const REQUEST_REFUND = `mutation($input: RequestRefundInput!) { requestRefund(input: $input) { refund { id } errors { code message } } }`;
const RESOLVE_REFUND = `mutation($id: ID!) { resolveRefund(id: $id, approve: true) { refund { status } errors { code message } } }`;
const PARTNER_SALE = `mutation($input: PartnerSaleInput!) { partnerSale(input: $input) { order { id status } errors { code message } } }`;
const BUY_SEATS = `mutation($input: BuySeatsInput!) { buySeats(input: $input) { order { id status } errors { code message } } }`;

type Operation = (world: CrashWorld) => Promise<void>;

const pick = <T>(world: CrashWorld, items: T[]): T => items[Math.floor(world.random() * items.length)];

const RETRYABLE = new Set(['CONFLICT', 'PAYMENT_PROVIDER_UNAVAILABLE']);

/** Calls until the payload has no retryable error; returns the payload (or null when the run gave up). */
async function until(world: CrashWorld, field: string, query: string, variables: Record<string, unknown>, token: string): Promise<any> {
  for (let tries = 0; tries < 100; tries++) {
    const answer = await world.api.call(query, variables, token);
    const payload = answer.data?.[field];
    if (!payload) throw new Error(`${field}: ${JSON.stringify(answer)}`);
    if (!payload.errors?.some((e: { code: string }) => RETRYABLE.has(e.code))) return payload;
    await sleep(200);
  }
  return null;
}

async function checkout(world: CrashWorld): Promise<void> {
  const buyer = pick(world, world.buyers);
  const courseIds = world.random() < 0.7 ? [pick(world, world.courseIds)] : world.courseIds.slice(1);
  const couponCode = world.random() < 0.4 ? world.couponCode : undefined;
  const key = randomUUID();
  const variables = { input: { courseIds, idempotencyKey: key, couponCode } };
  const seen = new Set<string>();
  world.answersByKey.set(key, seen);
  const send = async () => {
    const payload = await until(world, 'checkout', CHECKOUT, variables, buyer.token);
    if (payload?.order) seen.add(payload.order.id);
    return payload;
  };
  // A client that sends its request twice at once (a double click, a retry racing the first).
  let payload = world.random() < 0.2 ? (await Promise.all([send(), send()]))[0] : await send();
  for (let tries = 0; payload?.order?.payment?.status === 'creating' && tries < 50; tries++) {
    await sleep(300);
    payload = await send();
  }
  const order = payload?.order;
  const stripe = world.stripeClient;
  if (!stripe || !order || order.status !== 'PENDING_PAYMENT' || !order.payment?.clientSecret) return;
  const fate = world.random();
  if (fate < 0.2) return; // abandoned: it expires
  const intent = order.payment.clientSecret.split('_secret_')[0];
  const confirm = (paymentMethod: string) =>
    stripe.paymentIntents.confirm(intent, { payment_method: paymentMethod, return_url: 'https://shop.example/r' }).catch(() => undefined);
  if (fate < 0.3) await confirm('pm_card_chargeDeclined');
  await confirm('pm_card_visa');
}

async function approve(world: CrashWorld, refundId: string): Promise<void> {
  await until(world, 'resolveRefund', RESOLVE_REFUND, { id: refundId }, world.admin);
}

async function requestAndApprove(world: CrashWorld, orderId: string, token: string, amount?: number): Promise<void> {
  const payload = await until(
    world,
    'requestRefund',
    REQUEST_REFUND,
    { input: { orderId, reason: 'crash test', ...(amount ? { amount: { amount, currency: 'CNY' } } : {}) } },
    token,
  );
  let refundId: string | undefined = payload?.refund?.id;
  if (!refundId) {
    // The first request's answer was lost in a crash: its refund is there, waiting.
    const [open] = (await world.db.query(`SELECT id FROM refunds WHERE order_id = $1 AND status = 'REQUESTED'`, [rawId(orderId)])).rows;
    if (!open) return;
    refundId = toGlobalId('Refund', open.id);
  }
  await approve(world, refundId);
}

async function refund(world: CrashWorld): Promise<void> {
  const tokens = new Map(world.buyers.map((b) => [rawId(b.userId), b.token]));
  const { rows } = await world.db.query(
    `
    SELECT o.id, o.buyer_id, o.total_amount FROM orders o WHERE o.kind = 'PURCHASE' AND o.status = 'PAID' AND o.buyer_id = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = o.id) ORDER BY random() LIMIT 1`,
    [[...tokens.keys()]],
  );
  if (!rows.length) return;
  const [order] = rows;
  const partial = world.random() < 0.4 ? Math.max(1, Math.floor(order.total_amount / 3)) : undefined;
  await requestAndApprove(world, toGlobalId('Order', order.id), tokens.get(order.buyer_id)!, partial);
}

async function partnerRefund(world: CrashWorld): Promise<void> {
  const { rows } = await world.db.query(`
    SELECT o.id FROM orders o WHERE o.kind = 'PARTNER_SALE' AND o.status = 'PAID' AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = o.id) ORDER BY random() LIMIT 1`);
  if (rows.length) await requestAndApprove(world, toGlobalId('Order', rows[0].id), world.admin);
}

async function renewal(world: CrashWorld): Promise<void> {
  const member = pick(world, world.members);
  // The clock moves: this period is over (unless a renewal is already under way).
  const { rows } = await world.db.query(
    `
    UPDATE memberships SET current_period_end = now() - interval '1 second', current_period_start = now() - interval '1 month'
     WHERE id = $1 AND status = 'ACTIVE' AND current_period_end > now() + interval '1 day' RETURNING current_period_end`,
    [rawId(member.membershipId)],
  );
  if (!rows.length) return;
  await world.boss.send('membership.renew', { membershipId: rawId(member.membershipId), periodEnd: new Date(rows[0].current_period_end).toISOString() });
}

async function partnerSale(world: CrashWorld): Promise<void> {
  const ref = `cust-${randomUUID().slice(0, 8)}`;
  await until(
    world,
    'partnerSale',
    PARTNER_SALE,
    { input: { courseId: pick(world, world.courseIds), externalCustomerRef: ref, email: `${ref}@example.com`, idempotencyKey: randomUUID() } },
    world.partnerKey,
  );
}

async function seatPack(world: CrashWorld): Promise<void> {
  await until(
    world,
    'buySeats',
    BUY_SEATS,
    { input: { organizationId: world.organizationId, seats: 1 + Math.floor(world.random() * 3), idempotencyKey: randomUUID() } },
    world.partnerKey,
  );
}

const MIX: Array<[number, string, Operation]> = [
  [45, 'checkout', checkout],
  [15, 'refund', refund],
  [10, 'renewal', renewal],
  [14, 'partnerSale', partnerSale],
  [10, 'seatPack', seatPack],
  [6, 'partnerRefund', partnerRefund],
];

function nextOperation(world: CrashWorld): [string, Operation] {
  let roll = world.random() * MIX.reduce((sum, [weight]) => sum + weight, 0);
  for (const [weight, name, run] of MIX) {
    roll -= weight;
    if (roll < 0) return [name, run];
  }
  return [MIX[0][1], MIX[0][2]];
}

export interface RunningLoad {
  /** Starts no new operations and waits for those under way to finish (the server must be up for them to). */
  stop(): Promise<void>;
}

/** `clients` loops, each running one operation after another, with a short think time between. */
export function startLoad(world: CrashWorld, clients: number): RunningLoad {
  let stopping = false;
  const loops = Array.from({ length: clients }, async () => {
    while (!stopping) {
      const [name, run] = nextOperation(world);
      try {
        await run(world);
        world.done[name] = (world.done[name] ?? 0) + 1;
      } catch (error) {
        const kind = `${error instanceof GaveUp ? 'gave up' : 'failed'}: ${name}`;
        world.done[kind] = (world.done[kind] ?? 0) + 1;
        if (!(error instanceof GaveUp) || process.env.CRASH_DEBUG) console.warn(`crash load: ${name} failed`, error instanceof Error ? error.message : error);
      }
      await sleep(20 + Math.floor(world.random() * 80));
    }
  });
  return {
    async stop() {
      stopping = true;
      await Promise.all(loops);
    },
  };
}
