import { createSecretKey, KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { GraphQLError } from 'graphql';
import { DataSource } from 'typeorm';
import { GraphQLErrorCode } from '../common/errors';
import type { AuthUser } from '../kernel/context';
import type { Role } from '../kernel/roles';
import type { UserEntity } from './user.entity';

interface TokenClaims {
  sub: string;
  /** The user's token_version when issued; a bump (ban, password change) revokes it. */
  ver: number;
}

const secretKeys = new Map<string, KeyObject>();

/**
 * The HMAC secret as a KeyObject, made once. Given a string, jsonwebtoken
 * first tries to parse it as a PEM public key and builds the secret key only
 * after that throws: about a millisecond per token on a busy core, on every
 * request and every socket operation.
 */
function signingKey(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) secretKeys.set(secret, (key = createSecretKey(Buffer.from(secret))));
  return key;
}

export function issueToken(user: Pick<UserEntity, 'id' | 'tokenVersion'>, secret: string, ttlSeconds: number): string {
  const claims: TokenClaims = { sub: user.id, ver: user.tokenVersion };
  return jwt.sign(claims, signingKey(secret), { algorithm: 'HS256', expiresIn: ttlSeconds, issuer: 'knowpay' });
}

function invalidCredentials(reason: string): GraphQLError {
  return new GraphQLError(`${reason} Sign in again to get a new token.`, {
    extensions: { code: GraphQLErrorCode.UNAUTHENTICATED, http: { status: 401 } },
  });
}

/** Reads "Bearer <token>"; null for no header. */
export function bearerToken(authorization: string | undefined | null): string | null {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw invalidCredentials('The Authorization header must be "Bearer <token>".');
  return match[1];
}

/**
 * Verifies a token and loads its user: an expired, forged or revoked token
 * (and a banned user's) is rejected with UNAUTHENTICATED, never silently
 * treated as anonymous.
 */
export async function authenticate(db: DataSource, token: string, secret: string): Promise<AuthUser> {
  let claims: TokenClaims;
  try {
    claims = jwt.verify(token, signingKey(secret), { algorithms: ['HS256'], issuer: 'knowpay' }) as unknown as TokenClaims;
  } catch (error) {
    throw invalidCredentials(error instanceof jwt.TokenExpiredError ? 'The token has expired.' : 'The token is not valid.');
  }
  if (typeof claims.sub !== 'string' || !/^[0-9a-f-]{36}$/.test(claims.sub)) throw invalidCredentials('The token is not valid.');
  // A plain row: this runs on every signed-in request and socket operation, where building a TypeORM query costs more than running it.
  const [user]: Array<{ roles: Role[]; token_version: number; banned: boolean }> = await db.query(
    'SELECT roles, token_version, banned_at IS NOT NULL AS banned FROM users WHERE id = $1',
    [claims.sub],
  );
  if (!user || user.token_version !== claims.ver) throw invalidCredentials('The token has been revoked.');
  if (user.banned) throw invalidCredentials('This account is banned.');
  return { id: claims.sub, roles: user.roles };
}
