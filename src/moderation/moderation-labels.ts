import type { EntityManager } from 'typeorm';
import type { DomainContext } from '../kernel/context';
import type { ModerationCaseEntity } from './moderation-case.entity';
import { requireModerator } from './moderation-access';
import { ModerationAction, type ModerationDay } from './moderation.types';

/**
 * Moderator decisions as training data and as the audit model's report card.
 * Each decision stores the case's text with the moderator's label (ok when
 * approved; otherwise the model's most likely bad label, or abuse when the
 * model saw nothing wrong) next to what the model said; retraining learns
 * from these rows, and `moderationMetrics` compares the two over time.
 */
export async function recordDecisionLabel(
  manager: EntityManager,
  decided: ModerationCaseEntity,
  action: ModerationAction,
  moderatorId: string,
  decidedAt: Date,
): Promise<void> {
  const top = decided.scores[0] ?? null;
  const worstBad = decided.scores.find((s) => s.label !== 'ok');
  const label = action === ModerationAction.APPROVE ? 'ok' : (worstBad?.label ?? 'abuse');
  await manager.query(
    `INSERT INTO moderation_labels (case_id, content_kind, text, label, model_label, model_flagged, model_version, decided_by, decided_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      decided.id,
      decided.contentKind,
      decided.excerpt,
      label,
      top?.label ?? null,
      top !== null && top.label !== 'ok',
      top?.modelVersion ?? null,
      moderatorId,
      decidedAt,
    ],
  );
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

/** Per UTC day for the last `days` days, oldest first. */
export async function moderationMetrics(ctx: DomainContext, days: number): Promise<ModerationDay[]> {
  requireModerator(ctx);
  const span = Math.min(Math.max(Math.trunc(days) || 30, 1), 366);
  const rows: Array<Record<string, string | number>> = await ctx.db.query(
    `WITH days AS (SELECT generate_series((now() AT TIME ZONE 'UTC')::date - ($1::int - 1), (now() AT TIME ZONE 'UTC')::date, interval '1 day')::date AS day)
     SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
       (SELECT count(*) FROM moderation_cases c WHERE (c.created_at AT TIME ZONE 'UTC')::date = d.day)::int AS opened,
       (SELECT count(*) FROM moderation_cases c WHERE (c.resolved_at AT TIME ZONE 'UTC')::date = d.day)::int AS resolved,
       (SELECT count(*) FROM moderation_cases c WHERE (c.resolved_at AT TIME ZONE 'UTC')::date = d.day AND c.resolution <> 'APPROVE')::int AS removed,
       (SELECT count(*) FROM moderation_labels l WHERE (l.decided_at AT TIME ZONE 'UTC')::date = d.day AND l.model_flagged)::int AS flagged,
       (SELECT count(*) FROM moderation_labels l WHERE (l.decided_at AT TIME ZONE 'UTC')::date = d.day AND l.model_flagged AND l.label <> 'ok')::int AS flagged_bad,
       (SELECT count(*) FROM moderation_labels l WHERE (l.decided_at AT TIME ZONE 'UTC')::date = d.day AND l.label <> 'ok')::int AS bad
     FROM days d ORDER BY d.day`,
    [span],
  );
  return rows.map((r) => ({
    day: String(r.day),
    opened: Number(r.opened),
    resolved: Number(r.resolved),
    removed: Number(r.removed),
    precision: ratio(Number(r.flagged_bad), Number(r.flagged)),
    recall: ratio(Number(r.flagged_bad), Number(r.bad)),
  }));
}
