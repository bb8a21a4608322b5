import { hashPassword } from '../src/identity/password';
import type { DemoRole } from './demo-rows';

/**
 * The named accounts a newcomer can sign in with after the demo data is
 * seeded. Only these get passwords: scrypt costs ~50 ms a hash, and the
 * generated learners and creators never sign in, so their password_hash
 * stays NULL (which no password matches).
 */
export const DEMO_PASSWORD = 'knowpay-demo';

export interface DemoAccount {
  email: string;
  password: string;
  roles: DemoRole[];
  /** Ties the account to a generated person (the creator) or names the one created for it. */
  handle: string;
  displayName: string;
  /** One line on what there is to see when signed in as this account. */
  purpose: string;
}

export const DEMO_LEARNER: DemoAccount = {
  email: 'learner@knowpay.local',
  password: DEMO_PASSWORD,
  roles: ['LEARNER'],
  handle: 'alex.chen',
  displayName: 'Alex Chen',
  purpose: 'a learner with five enrollments: one finished and reviewed, others in progress',
};

/** One of the generated creators (the generator checks the handle exists), so it owns real courses. */
export const DEMO_CREATOR: DemoAccount = {
  email: 'creator@knowpay.local',
  password: DEMO_PASSWORD,
  roles: ['LEARNER', 'CREATOR'],
  handle: 'lin.wei',
  displayName: '林薇',
  purpose: 'a data-science creator with courses, learners, reviews and membership plans',
};

export const DEMO_MODERATOR: DemoAccount = {
  email: 'moderator@knowpay.local',
  password: DEMO_PASSWORD,
  roles: ['LEARNER', 'MODERATOR'],
  handle: 'zhou.min',
  displayName: '周敏',
  purpose: 'a moderator; some reviews are waiting for moderation',
};

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [DEMO_LEARNER, DEMO_CREATOR, DEMO_MODERATOR];

/** One line per account for a start-up banner or the seed CLI: "learner@knowpay.local / knowpay-demo  (LEARNER) — …". */
export function demoAccountLines(accounts: readonly DemoAccount[] = DEMO_ACCOUNTS): string[] {
  const width = Math.max(...accounts.map((a) => `${a.email} / ${a.password}`.length));
  return accounts.map((a) => `${`${a.email} / ${a.password}`.padEnd(width)}  (${a.roles.join(', ')}) — ${a.purpose}`);
}

/** Password hashes by lowercased email; hashed concurrently (scrypt runs on the libuv pool). */
export async function hashDemoPasswords(accounts: readonly DemoAccount[] = DEMO_ACCOUNTS): Promise<Map<string, string>> {
  const hashes = await Promise.all(accounts.map((a) => hashPassword(a.password)));
  return new Map(accounts.map((a, i) => [a.email.toLowerCase(), hashes[i]]));
}
