import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { createDataSource } from '../src/server/data-source';
import { ledgerProblems } from '../src/commerce/ledger';
import { startKnowpay } from './bench-server';

/**
 * Checkout under load: BUYERS concurrent buyers (one autocannon connection
 * each) buy paid seeded courses through `checkout` with the built-in test
 * payment provider, so every request runs the whole path: idempotency claim,
 * cart pricing, order and lines, payment record, settlement, enrollment,
 * ledger journal, after-commit event. Each (buyer, course) pair is bought
 * once. Then the books are checked: every journal balances and matches its
 * order.
 */
export interface CheckoutFigures {
  buyers: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  paidOrders: number;
  ledgerProblems: number;
  serverRssMiB: number;
}

const BUYERS = Number(process.env.BENCH_BUYERS ?? 50);

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<any> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

export async function checkoutBench(env: Record<string, string>, databaseUrl: string): Promise<CheckoutFigures> {
  const server = await startKnowpay(env, 4513);
  try {
    const run = randomUUID().slice(0, 8);
    const tokens: string[] = [];
    for (let i = 0; i < BUYERS; i += 1) {
      const data = await gql(server.url, `mutation($input: SignUpInput!) { signUp(input: $input) { token } }`, {
        input: { email: `bench-buyer-${run}-${i}@example.com`, password: 'bench password 123', displayName: `Buyer ${i}` },
      });
      tokens.push(data.signUp.token);
    }
    const catalog = await gql(server.url, `{ courses(first: 100, orderBy: POPULAR) { nodes { id offers { kind price { currency } } } } }`);
    const courseIds: string[] = catalog.courses.nodes
      .filter((c: { offers: Array<{ kind: string; price: { currency: string } | null }> }) =>
        c.offers.some((o) => o.kind === 'ONE_TIME' && o.price?.currency === 'CNY'),
      )
      .map((c: { id: string }) => c.id);
    const perBuyer = Math.min(courseIds.length, 12);
    const requests = BUYERS * perBuyer;
    let next = 0;
    const result = await autocannon({
      url: `${server.url}/graphql`,
      connections: BUYERS,
      amount: requests,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (request) => {
            const n = next++;
            const buyer = n % BUYERS;
            const course = courseIds[(buyer + Math.floor(n / BUYERS)) % courseIds.length];
            return {
              ...request,
              headers: { ...request.headers, authorization: `Bearer ${tokens[buyer]}` },
              body: JSON.stringify({
                query: 'mutation($input: CheckoutInput!) { checkout(input: $input) { order { status } errors { code } } }',
                variables: { input: { courseIds: [course], idempotencyKey: randomUUID() } },
              }),
            };
          },
        },
      ],
    });
    const serverRssMiB = server.rssMiB();
    const db = createDataSource(databaseUrl, { poolSize: 2 });
    await db.initialize();
    try {
      const [{ paid }] = await db.query(
        `SELECT count(*)::int AS paid FROM orders o JOIN users u ON u.id = o.buyer_id WHERE u.email LIKE $1 AND o.status = 'PAID'`,
        [`bench-buyer-${run}-%`],
      );
      const problems = await ledgerProblems(db.manager);
      for (const problem of problems.slice(0, 5)) console.error(`ledger: ${problem}`);
      return {
        buyers: BUYERS,
        requests,
        requestsPerSecond: Math.round(result.requests.average),
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        errors: result.errors + result.non2xx,
        paidOrders: paid,
        ledgerProblems: problems.length,
        serverRssMiB,
      };
    } finally {
      await db.destroy();
    }
  } finally {
    await server.stop();
  }
}
