import { GraphQLError } from 'graphql';
import { Field, ObjectType, registerEnumType } from 'type-graphql';

/** Stable codes for business failures, returned in a payload's `errors` list. */
export enum ErrorCode {
  INVALID_INPUT = 'INVALID_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  ALREADY_EXISTS = 'ALREADY_EXISTS',
  CONFLICT = 'CONFLICT',
  NOT_ENTITLED = 'NOT_ENTITLED',
  ALREADY_ENROLLED = 'ALREADY_ENROLLED',
  COUPON_INVALID = 'COUPON_INVALID',
  PAYMENT_FAILED = 'PAYMENT_FAILED',
  /** The payment provider did not answer in time; nothing was charged twice: retry with the same idempotency key. */
  PAYMENT_PROVIDER_UNAVAILABLE = 'PAYMENT_PROVIDER_UNAVAILABLE',
  REFUND_NOT_ALLOWED = 'REFUND_NOT_ALLOWED',
  SEATS_EXHAUSTED = 'SEATS_EXHAUSTED',
  LIMIT_EXCEEDED = 'LIMIT_EXCEEDED',
  IDEMPOTENCY_CONFLICT = 'IDEMPOTENCY_CONFLICT',
  /** An appeal after its window, a second appeal, or an appeal of an approval. */
  APPEAL_NOT_ALLOWED = 'APPEAL_NOT_ALLOWED',
  /** A webhook URL that points at loopback, private, link-local or cloud-metadata addresses. */
  FORBIDDEN_HOST = 'FORBIDDEN_HOST',
  /** A lesson of a section that has not opened yet for this learner (scheduled release); the message names the moment. */
  NOT_RELEASED = 'NOT_RELEASED',
  /** A payout or an invoice payment larger than what is owed (the statement's or invoice's balance, or the ledger's balance now); the message names the most allowed. */
  AMOUNT_EXCEEDS_BALANCE = 'AMOUNT_EXCEEDS_BALANCE',
  /** The account's email address is not verified yet: free trials, chat and becoming a creator wait for it (resendVerification mails a new link). */
  EMAIL_NOT_VERIFIED = 'EMAIL_NOT_VERIFIED',
}
registerEnumType(ErrorCode, { name: 'ErrorCode' });

@ObjectType()
export class UserError {
  @Field(() => ErrorCode)
  code: ErrorCode;

  @Field()
  message: string;

  @Field(() => [String], { nullable: true, description: 'Path to the offending input field, e.g. ["input", "email"].' })
  field?: string[] | null;
}

/**
 * A business failure the caller can fix. Services throw it; resolvers turn it
 * into a payload's `errors` entry (see `payload()` in ./payload.ts).
 */
export class UserFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string[],
  ) {
    super(message);
    this.name = 'UserFailure';
  }

  toUserError(): UserError {
    return { code: this.code, message: this.message, field: this.field ?? null };
  }
}

export const invalidInput = (message: string, field?: string[]) => new UserFailure(ErrorCode.INVALID_INPUT, message, field);
export const notFound = (message: string, field?: string[]) => new UserFailure(ErrorCode.NOT_FOUND, message, field);
export const alreadyExists = (message: string, field?: string[]) => new UserFailure(ErrorCode.ALREADY_EXISTS, message, field);

/** Codes of request-level GraphQL errors (extensions.code). */
export const GraphQLErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  RATE_LIMITED: 'RATE_LIMITED',
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** Money.amount (a 32-bit Int) asked for a larger sum: select Money.exactAmount instead. */
  AMOUNT_OUT_OF_RANGE: 'AMOUNT_OUT_OF_RANGE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export const unauthenticated = (message = 'Sign in first: send "Authorization: Bearer <token>" from signIn or signUp.') =>
  new GraphQLError(message, { extensions: { code: GraphQLErrorCode.UNAUTHENTICATED, http: { status: 200 } } });

export const forbidden = (message = 'You are signed in but not allowed to do this.') =>
  new GraphQLError(message, { extensions: { code: GraphQLErrorCode.FORBIDDEN } });

/** Malformed arguments of a field that has no payload to carry a UserError (e.g. `first: 500`). */
export const badUserInput = (message: string, argument?: string) =>
  new GraphQLError(message, { extensions: { code: GraphQLErrorCode.BAD_USER_INPUT, ...(argument ? { argument } : {}) } });

/** Over an allowance (a throttle, an API key's bucket): HTTP 429 with Retry-After, and the wait in extensions. */
export const rateLimited = (message: string, retryAfterMs: number) => {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new GraphQLError(`${message} Retry in ${seconds} s.`, {
    extensions: { code: GraphQLErrorCode.RATE_LIMITED, retryAfterMs, http: { status: 429, headers: new Map([['retry-after', String(seconds)]]) } },
  });
};
