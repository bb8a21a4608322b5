import type { GraphQLResolveInfo } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Authorized, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { payload } from '../common/payload';
import type { DomainContext } from '../kernel/context';
import { seesAccount } from './account-privacy';
import { deleteAccount, exportMyData } from './account-deletion';
import { AccountActionPayload } from './account.types';
import { changeEmail, resendVerification, verifyEmail } from './email-verification';
import { AuthPayload, User } from './identity.types';
import { changePassword, requestPasswordReset, resetPassword } from './password-reset';
import type { UserEntity } from './user.entity';

/** `ok` is true exactly when there are no errors. */
const accountAction = async (run: () => Promise<unknown>) => {
  const { errors } = await payload(run, () => ({}));
  return { ok: errors.length === 0, errors };
};

@Resolver(() => User)
export class UserAccountResolver {
  @FieldResolver(() => Boolean, { nullable: true, description: 'Whether the email address is verified; the user themself and admins, null for anyone else.' })
  emailVerified(@Root() user: UserEntity, @Ctx() ctx: DomainContext, @Info() info: GraphQLResolveInfo): boolean | null {
    return seesAccount(ctx, user.id, info) ? user.emailVerifiedAt != null : null;
  }
}

/** Password reset and change, email verification and change, deletion and export (README: "Accounts"). */
@Resolver()
export class AccountMutations {
  @Mutation(() => AccountActionPayload, { description: 'Mails a single-use reset link when an account uses this address; answers the same either way.' })
  requestPasswordReset(@Arg('email') email: string, @Ctx() ctx: DomainContext) {
    return accountAction(() => requestPasswordReset(ctx, email));
  }

  @Mutation(() => AuthPayload, { description: "Sets a new password with a reset link's token; every earlier session ends, the payload signs in anew." })
  resetPassword(@Arg('token') token: string, @Arg('newPassword') newPassword: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => resetPassword(ctx, token, newPassword),
      ({ token: jwt, userId }) => ({ token: jwt, viewer: { userId } }),
    );
  }

  @Authorized()
  @Mutation(() => AuthPayload, { description: "Needs the current password; every other session ends, the payload carries this one's new token." })
  changePassword(@Arg('currentPassword') currentPassword: string, @Arg('newPassword') newPassword: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => changePassword(ctx, currentPassword, newPassword),
      ({ token: jwt, userId }) => ({ token: jwt, viewer: { userId } }),
    );
  }

  @Mutation(() => AccountActionPayload, { description: 'Follows a verification or change-of-address link (its token); needs no session.' })
  verifyEmail(@Arg('token') token: string, @Ctx() ctx: DomainContext) {
    return accountAction(() => verifyEmail(ctx, token));
  }

  @Authorized()
  @Mutation(() => AccountActionPayload, { description: 'Mails a new verification link (earlier ones stop working).' })
  resendVerification(@Ctx() ctx: DomainContext) {
    return accountAction(() => resendVerification(ctx));
  }

  @Authorized()
  @Mutation(() => AccountActionPayload, { description: 'Mails a confirmation link to the new address; the change takes effect when it is followed.' })
  changeEmail(@Arg('newEmail') newEmail: string, @Arg('currentPassword') currentPassword: string, @Ctx() ctx: DomainContext) {
    return accountAction(() => changeEmail(ctx, newEmail, currentPassword));
  }

  @Authorized()
  @Mutation(() => AccountActionPayload, {
    description: 'Anonymizes the account (orders, ledger and audit log stay) and ends every session; it can no longer sign in.',
  })
  deleteAccount(@Arg('currentPassword') currentPassword: string, @Ctx() ctx: DomainContext) {
    return accountAction(() => deleteAccount(ctx, currentPassword));
  }

  @Authorized()
  @Query(() => GraphQLJSONObject, { description: 'Everything Knowpay holds about the caller, as one JSON object (secrets and hashes left out).' })
  exportMyData(@Ctx() ctx: DomainContext): Promise<Record<string, unknown>> {
    return exportMyData(ctx);
  }
}
