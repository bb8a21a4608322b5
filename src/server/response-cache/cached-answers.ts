import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../../kernel/config';
import type { DomainContext } from '../../kernel/context';
import { announce } from '../../kernel/transaction';
import { CacheableRequest, knownCacheableRequest } from './cacheable-request';
import type { CachedResponse } from './cached-response';
import type { ResponseCache } from './response-cache';

export const CACHE_STATUS_HEADER = 'x-knowpay-cache';

/**
 * HTTP caching headers of a public answer: an ETag always; for GET (a CDN or
 * browser can cache those, keyed by URL) `Cache-Control: public` with a short
 * max-age, and `Vary: Authorization` so a signed-in request is never answered
 * from a shared cache's anonymous copy.
 */
export function publicAnswerHeaders(res: ServerResponse, entry: CachedResponse, request: CacheableRequest, config: Config, status: 'HIT' | 'MISS'): void {
  res.setHeader('etag', entry.etag);
  res.setHeader('vary', 'Authorization');
  res.setHeader(CACHE_STATUS_HEADER, status);
  if (request.get) res.setHeader('cache-control', `public, max-age=${config.responseCache.maxAgeSeconds}`);
}

/** True when the client's copy is current: a GET's If-None-Match names the entry's ETag. */
export function notModified(req: IncomingMessage, entry: CachedResponse, request: CacheableRequest): boolean {
  const given = req.headers['if-none-match'];
  if (!request.get || !given) return false;
  return given.split(',').some((tag) => tag.trim() === entry.etag || tag.trim() === `W/${entry.etag}`);
}

export function sendCachedAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  entry: CachedResponse,
  request: CacheableRequest,
  config: Config,
  sqlHeader: string | null,
): void {
  publicAnswerHeaders(res, entry, request, config, 'HIT');
  if (sqlHeader) res.setHeader(sqlHeader, '0');
  if (notModified(req, entry, request)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.setHeader('content-type', 'application/json; charset=utf-8');
  entry.bytes ??= Buffer.from(entry.body);
  res.end(entry.bytes);
}

/** A cached course page still counts as the visitor having seen its prices (pricing evidence, as when it is computed). */
export async function replayShownPrices(ctx: DomainContext, entry: CachedResponse): Promise<void> {
  for (const impression of entry.impressions) {
    await announce(ctx, { type: 'PriceShown', ...impression, userId: null, visitor: `address:${ctx.clientAddress}` });
  }
}

/**
 * A repeated anonymous GET (same URL) of a page this process holds, with no
 * impressions to replay: answerable synchronously, before the request gets a
 * URL object, an async context or a promise chain (the CDN-facing hot path).
 */
export function repeatedGetHit(req: IncomingMessage, cache: ResponseCache): { request: CacheableRequest; hit: CachedResponse } | null {
  if (req.method !== 'GET' || !req.url?.startsWith('/graphql?')) return null;
  const request = knownCacheableRequest(req, undefined);
  const hit = request && cache.local(request.key);
  return request && hit && hit.impressions.length === 0 ? { request, hit } : null;
}
