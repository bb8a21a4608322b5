import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../../kernel/config';
import type { DomainContext } from '../../kernel/context';
import { announce } from '../../kernel/transaction';
import { acceptedEncoding, answerEncoding, encodedBytes, namesEntry, representationTag } from './answer-encoding';
import { CacheableRequest, knownCacheableRequest } from './cacheable-request';
import type { CachedResponse } from './cached-response';
import type { ResponseCache } from './response-cache';

export const CACHE_STATUS_HEADER = 'x-knowpay-cache';

/**
 * Sends a public answer (a hit, or a miss just stored): HTTP caching headers,
 * 304 when the client's copy is current, else the body, compressed when the
 * client accepts brotli or gzip. An ETag always, one per representation; for
 * GET (a CDN or browser can cache those, keyed by URL) `Cache-Control: public`
 * with a short max-age; `Vary: Authorization, Accept-Encoding` so a shared
 * cache never answers a signed-in request with the anonymous copy, nor a
 * client with an encoding it did not ask for.
 */
export function sendPublicAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  entry: CachedResponse,
  request: CacheableRequest,
  config: Config,
  status: 'HIT' | 'MISS',
): void {
  // The encoding names the representation (its ETag); its bytes are compressed only if they are sent, not for a 304.
  const encoding = answerEncoding(entry, acceptedEncoding(req.headers['accept-encoding']));
  res.setHeader('etag', representationTag(entry.etag, encoding));
  res.setHeader('vary', 'Authorization, Accept-Encoding');
  res.setHeader(CACHE_STATUS_HEADER, status);
  if (request.get) res.setHeader('cache-control', `public, max-age=${config.responseCache.maxAgeSeconds}`);
  if (notModified(req, entry, request)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.setHeader('content-type', 'application/json; charset=utf-8');
  if (encoding) res.setHeader('content-encoding', encoding);
  res.end(encodedBytes(entry, encoding));
}

/** True when the client's copy is current: a GET's If-None-Match names the entry's ETag (of any representation). */
function notModified(req: IncomingMessage, entry: CachedResponse, request: CacheableRequest): boolean {
  const given = req.headers['if-none-match'];
  if (!request.get || !given) return false;
  return given.split(',').some((tag) => namesEntry(tag.trim(), entry.etag));
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
