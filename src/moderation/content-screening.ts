import type { RequestContext } from '../server/context';

/**
 * The one entry point every piece of new user text passes before it is
 * stored: reviews, comments and chat messages (and later profiles, lessons).
 * Callers act on the verdict:
 *
 * - PUBLISHED: store it visible to everyone who may see the subject;
 * - HELD: store it as PENDING_REVIEW, visible to its author only, until a
 *   moderator decides;
 * - REJECTED: store nothing; the mutation answers INVALID_INPUT on the text
 *   field with `reason`.
 *
 * Until the moderation issue lands this approves everything; it will add the
 * classifier, word lists and the moderation queue here, behind this shape.
 */
export type ScreenedKind = 'REVIEW' | 'COMMENT' | 'CHAT_MESSAGE';

export interface ScreenedContent {
  kind: ScreenedKind;
  authorId: string;
  text: string;
  /** The raw id of what the text is about (a course for reviews, comments and chat). */
  subjectId: string;
}

export type ScreeningVerdict =
  | { status: 'PUBLISHED' }
  | { status: 'HELD'; reason: string }
  | { status: 'REJECTED'; reason: string };

/** The visibility a stored text gets from a verdict (REJECTED texts are never stored). */
export type StoredVisibility = 'VISIBLE' | 'PENDING_REVIEW';

export function visibilityFor(verdict: ScreeningVerdict): StoredVisibility {
  return verdict.status === 'HELD' ? 'PENDING_REVIEW' : 'VISIBLE';
}

// eslint-disable-next-line @typescript-eslint/no-unused-vars
export async function screenContent(ctx: RequestContext, content: ScreenedContent): Promise<ScreeningVerdict> {
  return { status: 'PUBLISHED' };
}
