import { createHash } from 'node:crypto';
import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getArgumentValues,
  GraphQLError,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { rateLimited } from '../common/errors';
import type { Config } from '../kernel/config';
import type { RateLimiter, RateRule } from '../kernel/rate-limiter';

/**
 * Throttles on the mutations that take or create credentials, counted before
 * anything runs: every field (aliases included) is one attempt, the attempts
 * of one request are taken together, and a request that would go over any
 * allowance is refused as a whole with RATE_LIMITED (HTTP 429, Retry-After).
 *
 * Keys are hashed and never say whether an account exists: a guess at an
 * address nobody registered is counted, and refused, exactly like a guess at
 * a real one. Counters live in Redis when REDIS_URL is set (all instances
 * share them), else in memory.
 *
 * Password-related mutations (reset, change, verification links, deletion) are in the table too.
 */
type Allowances = (args: Record<string, unknown>, address: string) => Array<{ key: string; rule: RateRule }>;

function fingerprint(value: unknown): string {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

export function credentialAllowances(throttles: Config['throttles']): Record<string, Allowances> {
  const perAddress = (address: string) => ({ key: `credentials:address:${address}`, rule: throttles.credentialsPerAddress });
  /** Guesses at one account (`kind`: signin, reset), counted per (hashed) account and address, per account, and per address. */
  const perAccount = (kind: string, email: unknown, address: string) => {
    const account = fingerprint(email);
    return [
      { key: `${kind}:account-address:${account}:${address}`, rule: throttles.signInPerAccountAddress },
      { key: `${kind}:account:${account}`, rule: throttles.signInPerAccount },
      perAddress(address),
    ];
  };
  const addressOnly: Allowances = (_args, address) => [perAddress(address)];
  return {
    signIn: ({ email }, address) => perAccount('signin', email, address),
    signUp: (_args, address) => [{ key: `signup:address:${address}`, rule: throttles.signUpPerAddress }, perAddress(address)],
    acceptInvitation: addressOnly,
    // A reset request is a guess at an account like a sign-in, and never says whether it exists.
    requestPasswordReset: ({ email }, address) => perAccount('reset', email, address),
    resetPassword: addressOnly,
    verifyEmail: addressOnly,
    changePassword: addressOnly,
    changeEmail: addressOnly,
    deleteAccount: addressOnly,
  };
}

function rootFields(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, into: FieldNode[], seen = new Set<string>()): FieldNode[] {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) into.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) rootFields(selection.selectionSet, fragments, into, seen);
    else if (!seen.has(selection.name.value)) {
      // A fragment spread twice at the root selects the same fields once (they merge), so it counts once.
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) rootFields(fragment.selectionSet, fragments, into, seen);
    }
  }
  return into;
}

export async function throttleCredentials(
  limiter: RateLimiter,
  allowances: Record<string, Allowances>,
  address: string,
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): Promise<GraphQLError | null> {
  if (operation.operation !== 'mutation') return null;
  const mutationType = schema.getMutationType();
  if (!mutationType) return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  const points = new Map<string, { rule: RateRule; points: number }>();
  for (const field of rootFields(operation.selectionSet, fragments, [])) {
    const allowancesOf = allowances[field.name.value];
    const definition = mutationType.getFields()[field.name.value];
    if (!allowancesOf || !definition) continue;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(definition, field, variables);
    } catch {
      args = {}; // execution refuses it; it still counts as an attempt on the address
    }
    for (const { key, rule } of allowancesOf(args, address)) {
      const entry = points.get(key) ?? { rule, points: 0 };
      entry.points += 1;
      points.set(key, entry);
    }
  }
  if (points.size === 0) return null;
  const decisions = await Promise.all([...points].map(([key, { rule, points: n }]) => limiter.consume(key, rule, n)));
  const refused = decisions.filter((d) => !d.allowed);
  if (refused.length === 0) return null;
  return rateLimited('Too many sign-in or sign-up attempts from here; nothing was done.', Math.max(...refused.map((d) => d.retryAfterMs)));
}
