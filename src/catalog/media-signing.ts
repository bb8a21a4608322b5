import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../kernel/config';

/**
 * Signed, expiring links to paid lesson media. A learner never gets the
 * permanent URL of a paid video: `Lesson.content.mediaUrl` carries
 * `expires` (Unix seconds) and `signature` = base64url(HMAC-SHA256(key,
 * path + "\n" + expires)), valid for MEDIA_URL_TTL_SECONDS. The media host
 * checks it itself with the same key, or asks `GET /media/authorize` (nginx
 * `auth_request`, Caddy `forward_auth`) with the request's URI.
 */
export const EXPIRES_PARAM = 'expires';
export const SIGNATURE_PARAM = 'signature';

function signatureOf(key: string, path: string, expires: number): string {
  return createHmac('sha256', key).update(`${path}\n${expires}`).digest('base64url');
}

export function signMediaUrl(config: Pick<Config, 'media'>, mediaUrl: string, now = Date.now()): { url: string; expiresAt: Date } {
  const url = new URL(mediaUrl);
  const expires = Math.floor(now / 1000) + config.media.urlTtlSeconds;
  url.searchParams.delete(EXPIRES_PARAM);
  url.searchParams.delete(SIGNATURE_PARAM);
  url.searchParams.set(EXPIRES_PARAM, String(expires));
  url.searchParams.set(SIGNATURE_PARAM, signatureOf(config.media.signingKey, url.pathname, expires));
  return { url: url.toString(), expiresAt: new Date(expires * 1000) };
}

export type MediaVerdict = { valid: true; expiresAt: Date } | { valid: false; reason: string };

/** Checks a signed link (absolute, or a request URI such as "/videos/a.mp4?expires=…&signature=…"). */
export function verifyMediaUrl(config: Pick<Config, 'media'>, uri: string, now = Date.now()): MediaVerdict {
  let url: URL;
  try {
    url = new URL(uri, 'http://media.invalid');
  } catch {
    return { valid: false, reason: 'not a URL' };
  }
  const expiresText = url.searchParams.get(EXPIRES_PARAM) ?? '';
  const signature = url.searchParams.get(SIGNATURE_PARAM) ?? '';
  if (!/^\d{1,12}$/.test(expiresText) || !signature) return { valid: false, reason: `the link carries no ${EXPIRES_PARAM} and ${SIGNATURE_PARAM}` };
  const expires = Number(expiresText);
  const expected = Buffer.from(signatureOf(config.media.signingKey, url.pathname, expires));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { valid: false, reason: 'the signature does not match this path and expiry' };
  if (expires * 1000 <= now) return { valid: false, reason: 'the link has expired; ask the API for a fresh one' };
  return { valid: true, expiresAt: new Date(expires * 1000) };
}

/**
 * GET /media/authorize: 204 when the URI in `X-Original-URI` (or `?uri=`) is a
 * valid, unexpired signed link, else 403 with the reason. For media servers
 * that delegate the check (nginx `auth_request`).
 */
export function serveMediaAuthorization(config: Pick<Config, 'media'>, req: IncomingMessage, res: ServerResponse, requestUrl: URL): void {
  const header = req.headers['x-original-uri'];
  const uri = (Array.isArray(header) ? header[0] : header) ?? requestUrl.searchParams.get('uri');
  const verdict = uri ? verifyMediaUrl(config, uri) : null;
  if (verdict?.valid) {
    res.writeHead(204, { 'cache-control': 'no-store' });
    res.end();
    return;
  }
  const error = verdict ? `Not a valid media link: ${verdict.reason}.` : 'Send the media request URI in X-Original-URI (or ?uri=).';
  res.writeHead(verdict ? 403 : 400, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ error }));
}
