import type { Transaction } from '../kernel/transaction';
import type { TextScore } from '../ml/moderate/moderation-models';
import type { DomainContext } from '../kernel/context';
import type { StoredScore } from './moderation-case.entity';
import { nowFor } from '../kernel/clock';

/** Pub/sub topic of `moderationQueueChanged`: the id of a case that opened or changed. */
export const MODERATION_QUEUE_TOPIC = 'moderation.queue';

export interface QueueChange {
  caseId: string;
}

const EXCERPT_MAX = 500;

export interface CaseOpening {
  kind: string;
  contentId: string;
  authorId: string | null;
  excerpt: string;
  score: TextScore | null;
  held: boolean;
  priority: number;
  reason: string;
}

export function storedScores(score: TextScore | null): StoredScore[] {
  if (!score) return [];
  return Object.entries(score.scores)
    .sort((a, b) => b[1] - a[1])
    .map(([label, value]) => ({ label, score: Math.round(value * 10_000) / 10_000, modelVersion: score.modelVersion }));
}

/**
 * Opens a case for an item, or joins the one already in the queue (one live
 * case per item): the priority only rises, a hold sticks, new scores replace
 * old ones and the reason is added once. Moderators hear of it after commit.
 */
export async function openOrJoinCase(ctx: DomainContext, tx: Transaction, opening: CaseOpening): Promise<string> {
  const [row]: Array<{ id: string }> = await tx.manager.query(
    `INSERT INTO moderation_cases (content_kind, content_id, author_id, excerpt, held, scores, priority, reasons, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, ARRAY[$8::text], $9, $9)
     ON CONFLICT (content_kind, content_id) WHERE status <> 'RESOLVED' DO UPDATE SET
       priority = GREATEST(moderation_cases.priority, EXCLUDED.priority),
       held = moderation_cases.held OR EXCLUDED.held,
       scores = CASE WHEN EXCLUDED.scores = '[]'::jsonb THEN moderation_cases.scores ELSE EXCLUDED.scores END,
       reasons = CASE WHEN $8 = ANY (moderation_cases.reasons) THEN moderation_cases.reasons ELSE moderation_cases.reasons || $8::text END,
       updated_at = now()
     RETURNING id`,
    [
      opening.kind,
      opening.contentId,
      opening.authorId,
      [...opening.excerpt].slice(0, EXCERPT_MAX).join(''),
      opening.held,
      JSON.stringify(storedScores(opening.score)),
      opening.priority,
      opening.reason,
      nowFor(ctx),
    ],
  );
  announceQueueChange(ctx, tx, row.id);
  return row.id;
}

export function announceQueueChange(ctx: DomainContext, tx: Transaction, caseId: string): void {
  tx.afterCommit(() => ctx.pubsub.publish(MODERATION_QUEUE_TOPIC, { caseId } satisfies QueueChange));
}
