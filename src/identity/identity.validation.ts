import { invalidInput } from '../common/errors';

/** Input rules for identity fields; each failure names the offending field. */
const EMAIL = /^[^\s\p{Cc}@"(),:;<>[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/u;
const HANDLE = /^[a-z0-9](?:[a-z0-9._-]{1,28}[a-z0-9])$/;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export function normalizeEmail(email: string, field: string[]): string {
  const value = email.trim().toLowerCase();
  if (value.length > 254 || !EMAIL.test(value)) throw invalidInput('Enter a valid email address, like ada@example.com.', field);
  return value;
}

export function checkPassword(password: string, field: string[]): void {
  if (password.length < PASSWORD_MIN) throw invalidInput(`Password must be at least ${PASSWORD_MIN} characters.`, field);
  if (password.length > PASSWORD_MAX) throw invalidInput(`Password must be at most ${PASSWORD_MAX} characters.`, field);
}

export function normalizeHandle(handle: string, field: string[]): string {
  const value = handle.trim().toLowerCase();
  if (!HANDLE.test(value)) {
    throw invalidInput('Handle must be 3–30 characters: lowercase letters, digits, ".", "_" or "-", starting and ending with a letter or digit.', field);
  }
  return value;
}

/** A handle proposal from a display name or email, for sign-ups that give none. */
export function handleFrom(displayName: string, email: string): string {
  const ascii = displayName
    .normalize('NFKD')
    .replace(/[^\p{ASCII}]/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const base =
    ascii.length >= 3
      ? ascii
      : email
          .split('@')[0]
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-+|-+$/g, '');
  return (base.length >= 3 ? base : `user-${base}`).slice(0, 24).replace(/[-._]+$/, '');
}

export function boundedText(value: string, field: string[], { min = 0, max }: { min?: number; max: number }): string {
  const trimmed = value.trim();
  if (trimmed.length < min) throw invalidInput(min === 1 ? 'This field must not be empty.' : `Must be at least ${min} characters.`, field);
  if (trimmed.length > max) throw invalidInput(`Must be at most ${max} characters (got ${trimmed.length}).`, field);
  return trimmed;
}

export function httpUrl(value: string, field: string[]): string {
  const trimmed = value.trim();
  try {
    const url = new URL(trimmed);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && trimmed.length <= 2048) return trimmed;
  } catch {
    // fall through to the coded error
  }
  throw invalidInput('Must be an http(s) URL of at most 2048 characters.', field);
}

/** The languages mail is written in. */
export function profileLocale(value: string, field: string[]): 'en' | 'zh' {
  const normalized = value.trim().toLowerCase().replace('_', '-');
  if (normalized === 'en' || normalized.startsWith('en-')) return 'en';
  if (normalized === 'zh' || normalized.startsWith('zh-')) return 'zh';
  throw invalidInput('Language must be "en" or "zh".', field);
}
