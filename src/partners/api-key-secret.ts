import { createHash, randomBytes } from 'node:crypto';

/**
 * API key secrets: `kp_live_` plus 32 random bytes (base64url), so they are
 * recognizable in logs and to secret scanners. 256 bits of entropy make a
 * plain SHA-256 a safe thing to store and look up by (no salt or slow hash
 * needed, unlike passwords).
 */
export const API_KEY_PREFIX = 'kp_live_';
const SECRET_BODY = /^kp_live_[A-Za-z0-9_-]{43}$/;
/** Shown in lists so people can tell their keys apart: `kp_live_` and four more characters. */
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 4;

export function newApiKeySecret(): { secret: string; prefix: string; hash: Buffer } {
  const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH), hash: hashApiKeySecret(secret) };
}

export function hashApiKeySecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Bearer tokens that take the API key path (well-formed or not): they are never tried as JWTs. */
export function isApiKeyToken(token: string): boolean {
  return token.startsWith('kp_');
}

export function isWellFormedApiKey(token: string): boolean {
  return SECRET_BODY.test(token);
}
