import { recordScreening, screenContent, visibilityFor } from '../kernel/screening';
import { QueryFailedError } from 'typeorm';
import { alreadyExists, invalidInput } from '../common/errors';
import { requireUser } from '../common/auth-checker';
import { inTransaction } from '../kernel/transaction';
import { lockForTransaction } from '../db/advisory-lock';
import { evaluatePalette } from '../palette/palette.service';
import type { DomainContext } from '../kernel/context';
import type { Config } from '../kernel/config';
import type { DataSource } from 'typeorm';
import { issueToken } from './auth-token';
import { profileByUserId } from './identity.loaders';
import { boundedText, checkPassword, handleFrom, httpUrl, normalizeEmail, normalizeHandle, profileLocale } from './identity.validation';
import { sendVerification } from './email-verification';
import type { SignUpInput, UpdateProfileInput } from './identity.types';
import { hashPassword, verifyPassword } from './password';
import { ProfileEntity } from './profile.entity';
import { Role, UserEntity } from './user.entity';

export interface SignedIn {
  token: string;
  userId: string;
}

const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driverError = error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : undefined;
  return driverError?.code === UNIQUE_VIOLATION && driverError.constraint === constraint;
}

export async function signUp(ctx: DomainContext, input: SignUpInput): Promise<SignedIn> {
  const email = normalizeEmail(input.email, ['input', 'email']);
  checkPassword(input.password, ['input', 'password']);
  const displayName = boundedText(input.displayName, ['input', 'displayName'], { min: 1, max: 80 });
  const handle = input.handle != null ? normalizeHandle(input.handle, ['input', 'handle']) : await freeHandle(ctx, handleFrom(displayName, email));
  const locale = input.locale != null ? profileLocale(input.locale, ['input', 'locale']) : 'en';
  const passwordHash = await hashPassword(input.password);
  const verifiedAt = ctx.config.mail.autoVerifyEmail ? new Date() : null;
  try {
    const user = await inTransaction(ctx, async ({ manager }) => {
      const created = await manager
        .getRepository(UserEntity)
        .save(manager.getRepository(UserEntity).create({ email, passwordHash, roles: [Role.LEARNER], tokenVersion: 0, emailVerifiedAt: verifiedAt }));
      await manager.getRepository(ProfileEntity).insert({ userId: created.id, handle, displayName, interests: [], locale });
      if (!verifiedAt) await sendVerification(ctx, manager, created.id, email);
      return created;
    });
    return { userId: user.id, token: issueToken(user, ctx.config.jwtSecret, ctx.config.jwtTtlSeconds) };
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) throw alreadyExists('An account with this email already exists; sign in instead.', ['input', 'email']);
    if (isUniqueViolation(error, 'profiles_handle_key')) throw alreadyExists(`The handle "${handle}" is taken; choose another.`, ['input', 'handle']);
    throw error;
  }
}

/** A free variant of a proposed handle (`ada`, `ada-2`, …). */
async function freeHandle(ctx: DomainContext, base: string): Promise<string> {
  const taken = await ctx.db.query(`SELECT lower(handle) AS handle FROM profiles WHERE lower(handle) LIKE $1`, [`${base}%`]);
  const used = new Set<string>(taken.map((row: { handle: string }) => row.handle));
  if (!used.has(base)) return base;
  for (let n = 2; ; n += 1) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** The same message for an unknown email and a wrong password, and the same work (scrypt runs either way). */
const SIGN_IN_FAILED = 'Email or password is incorrect.';

export async function signIn(ctx: DomainContext, emailInput: string, password: string): Promise<SignedIn> {
  const email = emailInput.trim().toLowerCase();
  const user =
    email.length <= 254 && password.length <= 1024
      ? await ctx.db.getRepository(UserEntity).createQueryBuilder('u').addSelect('u.passwordHash').where('lower(u.email) = :email', { email }).getOne()
      : null;
  const matches = await verifyPassword(password.slice(0, 1024), user?.passwordHash);
  if (!user || !matches) throw invalidInput(SIGN_IN_FAILED);
  if (user.bannedAt) throw invalidInput('This account is banned; contact support if you think this is a mistake.');
  return { userId: user.id, token: issueToken(user, ctx.config.jwtSecret, ctx.config.jwtTtlSeconds) };
}

const MAX_INTERESTS = 20;

export async function updateProfile(ctx: DomainContext, input: UpdateProfileInput): Promise<ProfileEntity> {
  const user = requireUser(ctx);
  const changes: Partial<ProfileEntity> = {};
  if (input.displayName != null) changes.displayName = boundedText(input.displayName, ['input', 'displayName'], { min: 1, max: 80 });
  if (input.bio !== undefined) changes.bio = input.bio === null ? null : boundedText(input.bio, ['input', 'bio'], { max: 2000 }) || null;
  if (input.avatarUrl !== undefined)
    changes.avatarUrl = input.avatarUrl === null || input.avatarUrl.trim() === '' ? null : httpUrl(input.avatarUrl, ['input', 'avatarUrl']);
  if (input.interests != null) {
    if (input.interests.length > MAX_INTERESTS) throw invalidInput(`At most ${MAX_INTERESTS} interests.`, ['input', 'interests']);
    const normalized = input.interests.map((topic, i) => boundedText(topic, ['input', 'interests', String(i)], { min: 1, max: 40 }).toLowerCase());
    changes.interests = [...new Set(normalized)];
  }
  if (input.locale != null) changes.locale = profileLocale(input.locale, ['input', 'locale']);
  if (input.palette !== undefined) {
    changes.palette = input.palette === null ? null : { ...evaluatePalette(input.palette) };
  }
  const screening = changes.bio ? await screenContent(ctx, { kind: 'PROFILE', authorId: user.id, text: changes.bio, subjectId: user.id }) : null;
  if (screening?.status === 'REJECTED') throw invalidInput(`This bio cannot be published: ${screening.reason}`, ['input', 'bio']);
  if (changes.bio !== undefined) changes.bioVisibility = screening ? visibilityFor(screening) : 'VISIBLE';
  const repository = ctx.db.getRepository(ProfileEntity);
  if (Object.keys(changes).length > 0) {
    await inTransaction(ctx, async (tx) => {
      await tx.manager.getRepository(ProfileEntity).update({ userId: user.id }, changes);
      if (screening) await recordScreening(tx, screening, user.id);
    });
  }
  ctx.loaders.get(profileByUserId).clear(user.id);
  return repository.findOneByOrFail({ userId: user.id });
}

/**
 * Makes sure the configured admin exists with the ADMIN role and the
 * configured password; runs at every start. When that email belongs to an
 * account someone registered themselves, promoting it (or resetting its
 * password) moves its token version on: tokens issued before, to whoever
 * signed up first, stop working instead of quietly becoming admin tokens.
 */
export async function ensureAdmin(db: DataSource, config: Config): Promise<'created' | 'promoted' | 'password-reset' | 'unchanged' | 'none'> {
  if (!config.admin) return 'none';
  const email = config.admin.email.trim().toLowerCase();
  return inTransaction(db, async ({ manager }) => {
    // Instances starting together: the row lock below cannot hold a row that does not exist yet, so they take turns here.
    await lockForTransaction(manager, 'knowpay:ensure-admin');
    const users = manager.getRepository(UserEntity);
    const existing = await users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = :email', { email })
      .setLock('pessimistic_write')
      .getOne();
    if (!existing) {
      // The operator named this address in the configuration: it counts as verified.
      const admin = await users.save(
        users.create({
          email,
          passwordHash: await hashPassword(config.admin!.password),
          roles: [Role.LEARNER, Role.ADMIN],
          tokenVersion: 0,
          emailVerifiedAt: new Date(),
        }),
      );
      const taken = await manager.query(`SELECT 1 FROM profiles WHERE lower(handle) = 'admin'`);
      await manager
        .getRepository(ProfileEntity)
        .insert({ userId: admin.id, handle: taken.length ? `admin-${admin.id.slice(0, 6)}` : 'admin', displayName: 'Knowpay Admin', interests: [] });
      return 'created';
    }
    const changes: Partial<UserEntity> = {};
    if (!existing.roles.includes(Role.ADMIN)) changes.roles = [...existing.roles, Role.ADMIN];
    if (!(await verifyPassword(config.admin!.password, existing.passwordHash))) changes.passwordHash = await hashPassword(config.admin!.password);
    if (Object.keys(changes).length === 0) return 'unchanged';
    await users.update({ id: existing.id }, { ...changes, tokenVersion: existing.tokenVersion + 1 });
    return changes.roles ? 'promoted' : 'password-reset';
  });
}
