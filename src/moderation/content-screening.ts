import type { ContentScreening } from '../kernel/screening';
import { OK_LABEL, withRealisticPrior } from '../ml/moderate/audit-policy';
import type { TextScore } from '../ml/moderate/moderation-models';
import { moderationDecisions } from '../kernel/metrics';

/**
 * Moderation's side of the content screening port (src/kernel/screening.ts):
 * the audit model scores the text and the policy decides, per kind, on the
 * "bad" score 1 − p(ok) corrected to the real share of fine text: the
 * thresholds the served model was calibrated with
 * (src/ml/moderate/audit-policy.ts), unless MODERATION_THRESHOLDS /
 * MODERATION_OK_PRIOR_PERCENT override them. Cases open from the
 * `ContentScreened` event (moderation.handlers.ts).
 */
export const auditModelScreening: ContentScreening = {
  async screen(ctx, content) {
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
    const worst = Object.entries(score.scores)
      .filter(([label]) => label !== OK_LABEL)
      .sort((a, b) => b[1] - a[1])[0];
    const reason = worst ? `the audit model scored it ${worst[0]} (${Math.round(worst[1] * 100)}%)` : null;
    const status = badScore >= thresholds.reject ? 'REJECTED' : badScore >= thresholds.hold ? 'HELD' : 'PUBLISHED';
    moderationDecisions.inc({ kind: content.kind, decision: status, source: 'model' });
    return { status, reason, needsReview: status !== 'PUBLISHED' || badScore >= thresholds.review, score, badScore, content };
  },
};
