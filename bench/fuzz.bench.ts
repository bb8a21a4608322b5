import { knowpaySchema } from '../src/server/schema';
import { HostileTraffic, runFuzz, type FuzzReport } from '../test/harness/hostile-fuzz';
import { startKnowpay } from './bench-server';

/**
 * Hostile clients: BENCH_FUZZ_REQUESTS (5,000) requests generated from the
 * schema (random operations and arguments, malformed bodies, batches, deep
 * nesting, alias and directive floods, fragment bombs, odd methods) at 8
 * concurrent connections, with the default throttles, against the real
 * server on seeded data. Beside them an honest storefront asks for a catalog
 * page every 100 ms: its latency is what the attack costs everyone else.
 */
export async function fuzzBench(
  env: Record<string, string>,
): Promise<{ fuzz: FuzzReport; honest: { requests: number; p50Ms: number; p99Ms: number; failures: number } }> {
  const server = await startKnowpay(
    {
      ...env,
      THROTTLE_SIGNIN_PER_ACCOUNT_ADDRESS: '10/900',
      THROTTLE_SIGNIN_PER_ACCOUNT: '50/3600',
      THROTTLE_SIGNUP_PER_ADDRESS: '20/3600',
      THROTTLE_CREDENTIALS_PER_ADDRESS: '100/900',
    },
    4530,
  );
  try {
    const ids = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ courses(first: 20) { nodes { id creator { id } sections { id lessons { id } } } } }' }),
    })
      .then((res) => res.json() as Promise<any>)
      .then((body) =>
        JSON.stringify(body)
          .match(/"id":"[^"]+"/g)!
          .map((m) => m.slice(6, -1)),
      );
    const traffic = new HostileTraffic(await knowpaySchema(), Number(process.env.BENCH_FUZZ_SEED ?? 20261206), ids);
    const honestTimes: number[] = [];
    let failures = 0;
    let attacking = true;
    const honest = (async () => {
      while (attacking) {
        const started = Date.now();
        const res = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ courses(first: 20) { nodes { id title offers { price { formatted } } } } }' }),
        }).catch(() => null);
        if (!res?.ok) failures += 1;
        await res?.text();
        honestTimes.push(Date.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const fuzz = await runFuzz(server.url, traffic, Number(process.env.BENCH_FUZZ_REQUESTS ?? 5000), 8);
    attacking = false;
    await honest;
    honestTimes.sort((a, b) => a - b);
    const at = (q: number) => honestTimes[Math.min(honestTimes.length - 1, Math.floor(q * honestTimes.length))] ?? 0;
    return { fuzz, honest: { requests: honestTimes.length, p50Ms: at(0.5), p99Ms: at(0.99), failures } };
  } finally {
    await server.stop();
  }
}
