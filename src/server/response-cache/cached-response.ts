import { createHash } from 'node:crypto';
import type { EventOf } from '../../kernel/domain-events';

/** A price a cached course page showed: replayed as a PriceShown impression for each visitor it is served to. */
export type CachedImpression = Omit<EventOf<'PriceShown'>, 'type' | 'visitor' | 'userId'>;

export interface CachedResponse {
  body: string;
  etag: string;
  tags: string[];
  impressions: CachedImpression[];
  expiresAt: number;
  /** The body as UTF-8, once, on its first answer in this process (never stored in Redis). */
  bytes?: Buffer;
  /** The body compressed, once per encoding, on the first answer that asks for it in this process (never stored in Redis). */
  encoded?: Partial<Record<'br' | 'gzip', Buffer>>;
}

/** Every entry carries it: invalidating it empties the cache (a category renamed, a user banned). */
export const ALL = '*';
/** Entries that list courses (a catalog page, a category or creator page, a course not found): any course change may alter them. */
export const LISTS = 'lists';
export const courseTag = (courseId: string): string => `course:${courseId}`;

export function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}
