import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { GraphQLErrorCode } from '../common/errors';
import type { RequestContext } from './context';
import { credentialAllowances, throttleCredentials } from './credential-throttles';
import type { Logger } from './logger';
import { checkOperation, limitErrorBehind } from './operation-limits';

/**
 * What every operation passes before a resolver runs, on HTTP and graphql-ws
 * alike: its cost, field and root-field limits (with its variables), then the
 * credential throttles. Returns the refusal, or null.
 */
export async function guardOperation(ctx: RequestContext, schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode,
  variables: Record<string, unknown>): Promise<GraphQLError | null> {
  const tooComplex = checkOperation(schema, document, operation, variables, ctx.config.limits);
  if (tooComplex) return tooComplex;
  return throttleCredentials(ctx.rateLimiter, credentialAllowances(ctx.config.throttles), ctx.clientAddress, schema, document, operation, variables);
}

export function operationGuardPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema, contextValue }) {
          if (!operation) return;
          const refusal = await guardOperation(contextValue, schema, document, operation, request.variables ?? {});
          if (refusal) throw refusal;
        },
      };
    },
  };
}

const PUBLIC_CODES = new Set<string>([
  ...Object.values(GraphQLErrorCode).filter((c) => c !== GraphQLErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE',
]);

/** Errors a caller caused and may see (typed business and request errors), as opposed to our own failures. */
export function isPublicError(error: GraphQLError | GraphQLFormattedError): boolean {
  const code = error.extensions?.code;
  return typeof code === 'string' && PUBLIC_CODES.has(code);
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
  if (isPublicError(formatted)) {
    const { stacktrace: _stacktrace, http: _http, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
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

export function errorLoggingPlugin(logger: Logger): ApolloServerPlugin<RequestContext> {
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
