import { createInterface } from 'node:readline';
import { PricePolicy } from '../pricing/price-policy';
import { SeededRandom } from '../seeded-random';
import { integerFlag, parseArgs, requiredFlag } from './cli-args';
import { CliError, writeJsonLine, type CommandIo } from './command-io';

export const PRICE_AGENT_USAGE = 'price-agent --prices P1,P2,… [--seed S] [--currency USD]';

/**
 * Prices visitors one at a time: prints {"price":N}, reads one line
 * {"purchased":true|false}, learns, repeats until standard input ends. The
 * policy is the one behind the server's price suggestions.
 */
export async function priceAgentCommand(argv: readonly string[], io: CommandIo): Promise<void> {
  const args = parseArgs(argv, ['prices', 'seed', 'currency']);
  const prices = parsePrices(requiredFlag(args, 'prices'));
  const rng = new SeededRandom(integerFlag(args, 'seed', 1, 0));
  const policy = new PricePolicy({ prices, currency: args.flags.get('currency') ?? 'USD' });
  const reader = createInterface({ input: io.stdin, crlfDelay: Infinity });
  const lines = reader[Symbol.asyncIterator]();
  try {
    for (let visitor = 1; ; visitor++) {
      const price = policy.choose(rng);
      writeJsonLine(io, { price });
      let next = await lines.next();
      while (!next.done && next.value.trim() === '') next = await lines.next();
      if (next.done) return;
      policy.record(price, parseOutcome(next.value, visitor));
    }
  } finally {
    // Stop reading stdin, or a bad reply would leave the process waiting on it.
    reader.close();
  }
}

function parsePrices(raw: string): number[] {
  const prices = raw.split(',').map((p) => p.trim());
  for (const p of prices) {
    if (!/^\d+$/.test(p) || Number(p) <= 0) throw new CliError(`--prices takes positive integers (minor units) separated by commas, got '${p}'`, 2);
  }
  return prices.map(Number);
}

function parseOutcome(line: string, visitor: number): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new CliError(`visitor ${visitor}: expected {"purchased":true|false}, got '${line}'`);
  }
  const purchased = (parsed as { purchased?: unknown } | null)?.purchased;
  if (typeof purchased !== 'boolean') throw new CliError(`visitor ${visitor}: expected {"purchased":true|false}, got '${line}'`);
  return purchased;
}
