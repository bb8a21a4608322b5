import { invalidInput } from '../common/errors';
import { parsePrice, MoneyValue } from '../common/money';
import { boundedText } from '../identity/identity.validation';
import type { MoneyInput } from '../common/money';

/** Input rules for course fields; each failure names its field. */
export const TITLE_MAX = 120;
export const SUBTITLE_MAX = 200;
export const DESCRIPTION_MAX = 20_000;
export const LESSON_BODY_MAX = 200_000;
export const MAX_TAGS = 12;
export const MAX_CATEGORIES = 3;

export const courseTitle = (value: string, field: string[]) => boundedText(value, field, { min: 3, max: TITLE_MAX });
export const courseSubtitle = (value: string | null | undefined, field: string[]) =>
  value == null ? null : boundedText(value, field, { max: SUBTITLE_MAX }) || null;
export const courseDescription = (value: string, field: string[]) => boundedText(value, field, { min: 1, max: DESCRIPTION_MAX });

export function courseLanguage(value: string | null | undefined, field: string[]): string {
  if (value == null) return 'en';
  const trimmed = value.trim();
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(trimmed)) throw invalidInput('Language must be a BCP 47 tag such as "en" or "zh-CN".', field);
  return trimmed;
}

export function courseTags(values: string[] | null | undefined, field: string[]): string[] {
  if (values == null) return [];
  if (values.length > MAX_TAGS) throw invalidInput(`At most ${MAX_TAGS} tags.`, field);
  const tags = values.map((tag, i) => boundedText(tag, [...field, String(i)], { min: 1, max: 40 }).toLowerCase());
  return [...new Set(tags)];
}

export function coursePrice(value: MoneyInput | null | undefined, field: string[]): MoneyValue | null {
  return value == null ? null : parsePrice(value, field);
}

export function position(value: number | null | undefined, field: string[]): number | null {
  if (value == null) return null;
  if (!Number.isInteger(value) || value < 1 || value > 10_000) throw invalidInput('Position must be a whole number from 1 to 10000 (1 is first).', field);
  return value;
}

/** A URL-safe slug from a title; Chinese-only titles fall back to a short random suffix. */
export function slugFromTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[^\p{ASCII}]/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}
