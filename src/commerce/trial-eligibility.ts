import type { EntityManager } from 'typeorm';

/**
 * One free trial per plan for each person. Sign-up is cheap, so "person"
 * is more than the account: the email with its +tag dropped (and, for
 * Gmail, its dots, which Gmail ignores) counts as the same person, and with
 * Stripe a trial needs a card, whose fingerprint (the same physical card
 * has the same one on every account) counts too. Each is a unique index on
 * trial_redemptions, so two concurrent sign-ups cannot both get the trial.
 */

const GMAIL = new Set(['gmail.com', 'googlemail.com']);

/** The mailbox an address delivers to, as far as tags and Gmail dots go: `A.Da+promo@GoogleMail.com` → `ada@gmail.com`. */
export function personKey(email: string): string {
  const [rawLocal, rawDomain = ''] = email.trim().toLowerCase().split('@');
  const local = rawLocal.split('+')[0];
  return GMAIL.has(rawDomain) ? `${local.replace(/\./g, '')}@gmail.com` : `${local}@${rawDomain}`;
}

/** Claims the plan's trial for this person (and card); false when any of them already had it. Inside the subscribing transaction. */
export async function claimTrial(
  manager: EntityManager,
  claim: { planId: string; userId: string; email: string; cardFingerprint: string | null },
): Promise<boolean> {
  const inserted: unknown[] = await manager.query(
    `INSERT INTO trial_redemptions (plan_id, user_id, person_key, card_fingerprint) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
    [claim.planId, claim.userId, personKey(claim.email), claim.cardFingerprint],
  );
  return inserted.length > 0;
}
