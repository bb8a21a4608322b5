import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, GraphQLFormattedError, Kind, FragmentDefinitionNode } from 'graphql';
import { GraphQLErrorCode } from '../common/errors';
import type { Config } from './config';
import type { RequestContext } from './context';
import type { Logger } from './logger';
import { operationCost } from './query-cost';

/** Rejects over-deep or over-costly operations before any resolver runs. */
export function queryLimitsPlugin(limits: Config['limits']): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          const { cost, depth } = operationCost(schema, operation, fragments, request.variables ?? {});
          if (depth > limits.maxDepth || cost > limits.maxCost) {
            throw new GraphQLError(
              `Query is too complex: cost ${cost} (limit ${limits.maxCost}), depth ${depth} (limit ${limits.maxDepth}). Ask for fewer items per page or fewer nested fields.`,
              { extensions: { code: GraphQLErrorCode.QUERY_TOO_COMPLEX, cost, maxCost: limits.maxCost, depth, maxDepth: limits.maxDepth, http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}

const PUBLIC_CODES = new Set<string>([
  ...Object.values(GraphQLErrorCode).filter((c) => c !== GraphQLErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Errors callers may see keep their message and code; anything unexpected
 * is logged with the request id and masked, so no stack trace or SQL leaks.
 */
export function formatErrorFor(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code as string | undefined;
    if (code && PUBLIC_CODES.has(code)) {
      const { stacktrace: _stacktrace, http: _http, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error(`unexpected error in ${formatted.path?.join('.') ?? 'request'}`, (error as { originalError?: unknown })?.originalError ?? error);
    return {
      message: 'Internal server error. The failure was logged; retrying may help.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: GraphQLErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
