import type { DomainContext } from '../kernel/context';

/**
 * The one rule for serving a screened text: visible texts to everyone, held
 * ones to their author only; removed texts and those of banned authors are
 * blanked (null).
 */
export function shownText(ctx: DomainContext, text: string | null, visibility: string, authorId: string | null): string | null {
  if (visibility === 'VISIBLE') return text;
  if (visibility === 'PENDING_REVIEW' && authorId !== null && ctx.user?.id === authorId) return text;
  return null;
}
