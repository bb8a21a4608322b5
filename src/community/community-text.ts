import { invalidInput } from '../common/errors';
import { boundedText } from '../identity/identity.validation';
import { screenContent, Screening, ScreenedKind, StoredVisibility, visibilityFor } from '../kernel/screening';
import type { DomainContext } from '../kernel/context';

/**
 * New user text on its way in: trimmed, 1..`max` characters, then screened
 * by moderation. Returns the text, the visibility to store it with and the
 * screening (hand it to `recordScreening` with the stored id);
 * rejected text fails with INVALID_INPUT on `field` and is not stored.
 */
export async function acceptText(
  ctx: DomainContext,
  content: { kind: ScreenedKind; authorId: string; text: string; subjectId: string },
  rule: { field: string[]; max: number },
): Promise<{ body: string; visibility: StoredVisibility; screening: Screening }> {
  const body = boundedText(content.text ?? '', rule.field, { min: 1, max: rule.max });
  const verdict = await screenContent(ctx, { ...content, text: body });
  if (verdict.status === 'REJECTED') throw invalidInput(`This text cannot be published: ${verdict.reason}`, rule.field);
  return { body, visibility: visibilityFor(verdict), screening: verdict };
}
