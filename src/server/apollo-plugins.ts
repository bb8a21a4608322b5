import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { ErrorCode, GraphQLErrorCode, UserFailure } from '../common/errors';
import type { DomainContext } from '../kernel/context';
import { credentialAllowances, throttleCredentials } from './credential-throttles';
import type { Logger } from '../kernel/logger';
import { checkOperation, limitErrorBehind } from './operation-limits';

/**
 * What every operation passes before a resolver runs, on HTTP and graphql-ws
 * alike: its cost, field and root-field limits (with its variables), then the
 * credential throttles. Returns the refusal, or null.
 */
export async function guardOperation(
  ctx: DomainContext,
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): Promise<GraphQLError | null> {
  const tooComplex = checkOperation(schema, document, operation, variables, ctx.config.limits);
  if (tooComplex) return tooComplex;
  return throttleCredentials(ctx.rateLimiter, credentialAllowances(ctx.config.throttles), ctx.clientAddress, schema, document, operation, variables);
}

/** HTTP's guard: the same as graphql-ws's, and subscriptions are refused (they need a socket). */
export function operationGuardPlugin(): ApolloServerPlugin<DomainContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema, contextValue }) {
          if (!operation) return;
          if (operation.operation === 'subscription') {
            throw new GraphQLError('Subscriptions run over graphql-ws (the graphql-transport-ws protocol) on this same /graphql path, not over HTTP.', {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
          }
          const refusal = await guardOperation(contextValue, schema, document, operation, request.variables ?? {});
          if (refusal) throw refusal;
        },
      };
    },
  };
}

const PUBLIC_CODES = new Set<string>([
  ...Object.values(GraphQLErrorCode).filter((c) => c !== GraphQLErrorCode.INTERNAL_SERVER_ERROR),
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** A business failure (NOT_FOUND, INVALID_INPUT, …) thrown where no payload carries it, e.g. from a query. */
function userFailureBehind(error: unknown): UserFailure | null {
  for (
    let current = error as { originalError?: unknown } | undefined, hops = 0;
    current && hops < 4;
    current = current.originalError as typeof current, hops += 1
  ) {
    if (current instanceof UserFailure) return current;
  }
  return null;
}

/** Errors a caller caused and may see (typed business and request errors), as opposed to our own failures. */
export function isPublicError(error: GraphQLError | GraphQLFormattedError): boolean {
  const code = error.extensions?.code;
  return (typeof code === 'string' && PUBLIC_CODES.has(code)) || userFailureBehind(error) !== null || clientErrorStatus(error) !== null;
}

/** Apollo marks some request errors (a persisted query whose hash does not match) with a 4xx status but no code. */
function clientErrorStatus(error: GraphQLError | GraphQLFormattedError): number | null {
  const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

/**
 * Errors callers may see keep their message and code (an operation limit
 * keeps QUERY_TOO_COMPLEX, which Apollo would re-code as a validation
 * failure); anything unexpected is masked, so no stack trace or SQL leaks.
 * Logging is `logUnexpectedErrors`' job, where the request id is known.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const limit = limitErrorBehind(error);
  if (limit) {
    const { http: _http, ...extensions } = limit.extensions;
    return { message: limit.message, locations: formatted.locations, extensions };
  }
  const failure = userFailureBehind(error);
  if (failure)
    return { message: failure.message, locations: formatted.locations, path: formatted.path, extensions: { code: failure.code, field: failure.field ?? null } };
  if (isPublicError(formatted)) {
    const { stacktrace: _stacktrace, http: _http, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions: { code: 'BAD_REQUEST', ...extensions } };
  }
  return {
    message: 'Internal server error. The failure was logged; retrying may help.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: GraphQLErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/** Logs the errors that are our failures, not the caller's, with the request id and the cause's stack. */
export function logUnexpectedErrors(logger: Logger, requestId: string, errors: readonly GraphQLError[]): void {
  for (const error of errors) {
    if (isPublicError(error) || limitErrorBehind(error)) continue;
    logger.error(`unexpected error in ${error.path?.join('.') ?? 'request'} (request ${requestId})`, error.originalError ?? error);
  }
}

export function errorLoggingPlugin(logger: Logger): ApolloServerPlugin<DomainContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didEncounterErrors({ errors }) {
          logUnexpectedErrors(logger, contextValue.requestId, errors);
        },
      };
    },
  };
}
