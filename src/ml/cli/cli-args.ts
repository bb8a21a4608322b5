import { CliError } from './command-io';

/**
 * `--name value` and `--name=value` flags plus positional words. Unknown
 * flags are errors: a typo must not silently fall back to a default.
 */
export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string>;
}

export function parseArgs(argv: readonly string[], known: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (!known.includes(name)) throw new CliError(`unknown option --${name} (expected: ${known.map((k) => `--${k}`).join(', ')})`, 2);
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new CliError(`--${name} needs a value`, 2);
    flags.set(name, value);
  }
  return { positional, flags };
}

export function requiredFlag(args: ParsedArgs, name: string): string {
  const value = args.flags.get(name);
  if (value === undefined || value === '') throw new CliError(`missing --${name}`, 2);
  return value;
}

export function integerFlag(args: ParsedArgs, name: string, fallback: number | undefined, min: number): number {
  const raw = args.flags.get(name);
  if (raw === undefined) {
    if (fallback === undefined) throw new CliError(`missing --${name}`, 2);
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new CliError(`--${name} must be an integer ≥ ${min}, got '${raw}'`, 2);
  return value;
}
