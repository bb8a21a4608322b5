import type { Transaction } from '../db/transaction';
import { OK_LABEL, withRealisticPrior } from '../ml/moderate/audit-policy';
import type { TextScore } from '../ml/moderate/moderation-models';
import type { RequestContext } from '../server/context';
import { moderationDecisions } from '../server/metrics';
import { openOrJoinCase } from './moderation-queue';
import type { ContentKind } from './moderation.types';

/**
 * The one entry point every piece of new or changed user text passes before
 * it is stored: course and lesson text at publish, profile bios, reviews,
 * comments, chat messages and tip messages. The audit model scores it and the
 * policy decides, per kind, on the "bad" score 1 − p(ok) corrected to the real
 * share of fine text: the thresholds the served model was calibrated with
 * (src/ml/moderate/audit-policy.ts), unless MODERATION_THRESHOLDS /
 * MODERATION_OK_PRIOR_PERCENT override them:
 *
 * - REJECTED (≥ reject): store nothing; the mutation answers INVALID_INPUT;
 * - HELD (≥ hold): store it visible to its author only and open a case;
 * - PUBLISHED: store it visible; from the review threshold up (a
 *   low-confidence call) a case is opened as well, so a human looks at it.
 *
 * Callers store the text, then call `recordScreening` with its id in the same
 * transaction, so a held text never exists without its case.
 */
export type ScreenedKind = `${ContentKind}`;

export interface ScreenedContent {
  kind: ScreenedKind;
  authorId: string;
  text: string;
  /** The raw id of what the text is about (a course for reviews, comments and chat). */
  subjectId: string;
}

export interface Screening {
  status: 'PUBLISHED' | 'HELD' | 'REJECTED';
  reason: string | null;
  /** Whether a human should look at it (held, or published on a low-confidence score). */
  needsReview: boolean;
  score: TextScore | null;
  badScore: number;
  content: ScreenedContent;
}

/** The visibility a stored text gets from a verdict (REJECTED texts are never stored). */
export type StoredVisibility = 'VISIBLE' | 'PENDING_REVIEW';

export function visibilityFor(screening: Screening): StoredVisibility {
  return screening.status === 'HELD' ? 'PENDING_REVIEW' : 'VISIBLE';
}

/** Kept here for callers that corrected scores before the policy moved to the model module. */
export { withRealisticPrior };

export async function screenContent(ctx: RequestContext, content: ScreenedContent): Promise<Screening> {
  let score: TextScore | null = null;
  try {
    score = await ctx.models.moderation.score(content.text);
  } catch (error) {
    // No model (it failed to load): publish, and let a human decide.
    ctx.logger.warn('moderation model unavailable; the text goes to human review', error instanceof Error ? error.message : error);
    return { status: 'PUBLISHED', reason: 'the audit model is unavailable', needsReview: true, score: null, badScore: 0, content };
  }
  const moderation = ctx.models.moderation;
  score = { ...score, scores: withRealisticPrior(score.scores, ctx.config.moderation.okPrior ?? moderation.okPrior) };
  const badScore = 1 - (score.scores[OK_LABEL] ?? 0);
  const thresholds = ctx.config.moderation.thresholds[content.kind] ?? moderation.thresholdsFor(content.kind);
  const worst = Object.entries(score.scores).filter(([label]) => label !== OK_LABEL).sort((a, b) => b[1] - a[1])[0];
  const reason = worst ? `the audit model scored it ${worst[0]} (${Math.round(worst[1] * 100)}%)` : null;
  const status = badScore >= thresholds.reject ? 'REJECTED' : badScore >= thresholds.hold ? 'HELD' : 'PUBLISHED';
  moderationDecisions.inc({ kind: content.kind, decision: status, source: 'model' });
  return { status, reason, needsReview: status !== 'PUBLISHED' || badScore >= thresholds.review, score, badScore, content };
}

/**
 * After the screened text is stored as `contentId`: opens (or joins) its case
 * when a human should look at it. Run inside the storing transaction.
 */
export async function recordScreening(
  ctx: RequestContext,
  tx: Transaction,
  screening: Screening,
  contentId: string,
): Promise<void> {
  if (!screening.needsReview || screening.status === 'REJECTED') return;
  await openOrJoinCase(ctx, tx, {
    kind: screening.content.kind,
    contentId,
    authorId: screening.content.authorId,
    excerpt: screening.content.text,
    score: screening.score,
    held: screening.status === 'HELD',
    priority: Math.round(screening.badScore * 100) + (screening.status === 'HELD' ? 50 : 0),
    reason: screening.reason ?? 'sent to review',
  });
}

/** Course and lesson text is its creator's, whoever (an admin) edits it. */
export async function courseAuthorId(ctx: RequestContext, course: { creatorId: string }): Promise<string> {
  const [row] = await ctx.db.query('SELECT user_id AS "userId" FROM creators WHERE id = $1', [course.creatorId]);
  return row.userId;
}
