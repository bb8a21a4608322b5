import type { DomainContext } from './context';
import type { Transaction } from './transaction';

/**
 * The port every piece of new or changed user text passes before it is
 * stored (course and lesson text, bios, reviews, comments, chat, tip
 * messages). Domains call `screenContent` and, once the text is stored,
 * `recordScreening` in the same transaction; moderation implements the port
 * (the audit model and the per-kind policy, src/moderation/content-screening.ts)
 * and opens cases from the `ContentScreened` event, so no domain imports
 * moderation and a held text never exists without its case.
 *
 * - REJECTED: store nothing; the mutation answers INVALID_INPUT;
 * - HELD: store it visible to its author only; a case opens;
 * - PUBLISHED: store it visible; on a low-confidence score a case opens too.
 */
export type ScreenedKind = 'COURSE' | 'LESSON' | 'COMMENT' | 'REVIEW' | 'CHAT_MESSAGE' | 'PROFILE' | 'TIP';

export interface ScreenedContent {
  kind: ScreenedKind;
  authorId: string;
  text: string;
  /** The raw id of what the text is about (a course for reviews, comments and chat). */
  subjectId: string;
}

/** What the audit model said: its top label, the probability per label, and its version. */
export interface ContentScore {
  label: string;
  scores: Record<string, number>;
  modelVersion: string;
}

export interface Screening {
  status: 'PUBLISHED' | 'HELD' | 'REJECTED';
  reason: string | null;
  /** Whether a human should look at it (held, or published on a low-confidence score). */
  needsReview: boolean;
  score: ContentScore | null;
  badScore: number;
  content: ScreenedContent;
}

export interface ContentScreening {
  screen(ctx: DomainContext, content: ScreenedContent): Promise<Screening>;
}

declare module './context' {
  interface AppServices {
    /** The content screening port (implemented by moderation, wired by the composition root). */
    screening: ContentScreening;
  }
}

/** The visibility a stored text gets from a verdict (REJECTED texts are never stored). */
export type StoredVisibility = 'VISIBLE' | 'PENDING_REVIEW';

export function visibilityFor(screening: Screening): StoredVisibility {
  return screening.status === 'HELD' ? 'PENDING_REVIEW' : 'VISIBLE';
}

export function screenContent(ctx: DomainContext, content: ScreenedContent): Promise<Screening> {
  return ctx.screening.screen(ctx, content);
}

/** After the screened text is stored as `contentId`, in the storing transaction: a case opens when a human should look at it. */
export async function recordScreening(tx: Transaction, screening: Screening, contentId: string): Promise<void> {
  if (!screening.needsReview || screening.status === 'REJECTED') return;
  await tx.emit({
    type: 'ContentScreened',
    contentKind: screening.content.kind,
    contentId,
    authorId: screening.content.authorId,
    excerpt: screening.content.text,
    score: screening.score,
    held: screening.status === 'HELD',
    badScore: screening.badScore,
    reason: screening.reason ?? 'sent to review',
  });
}
