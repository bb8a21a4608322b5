import { FragmentDefinitionNode, GraphQLError, GraphQLSchema, Kind, getOperationAST, parse, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';
import { DataSource } from 'typeorm';
import { GraphQLErrorCode } from '../common/errors';
import { authenticate, bearerToken } from '../identity/auth-token';
import { formatErrorFor } from './apollo-plugins';
import type { Config } from './config';
import type { AuthUser, RequestContext } from './context';
import type { Logger } from './logger';
import { operationCost } from './query-cost';

/**
 * GraphQL over WebSocket (graphql-transport-ws) on /graphql:
 *
 * - auth: `connectionParams.authorization` carries the same "Bearer <token>"
 *   as HTTP; none means anonymous; a bad or expired one closes the socket
 *   with 4403 Forbidden (graphql-ws's code for a refused connection_init);
 * - keepalive: a WebSocket ping every `websocket.keepAliveMs`; a peer that
 *   does not pong within the next interval is terminated, and its
 *   subscriptions are returned (their pub/sub queues released);
 * - limits: at most `websocket.maxSubscriptions` operations at once per
 *   connection (more → an error with code LIMIT_EXCEEDED for that one
 *   operation), and the same depth/cost limits as HTTP;
 * - errors are masked like HTTP ones: no stack traces or SQL reach clients.
 */
export interface GraphQLWebSocketOptions {
  schema: GraphQLSchema;
  wsServer: WebSocketServer;
  db: DataSource;
  config: Config;
  logger: Logger;
  contextFor(user: AuthUser | null): RequestContext;
}

export function serveGraphQLOverWebSocket({ schema, wsServer, db, config, logger, contextFor }: GraphQLWebSocketOptions) {
  const format = formatErrorFor(logger);
  const masked = (errors: readonly GraphQLError[]) => errors.map((error) => format(error.toJSON(), error));

  return useServer<Record<string, unknown> | undefined, { user?: AuthUser | null }>({
    schema,
    onConnect: async (ctx) => {
      const header = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
      if (header == null) return true;
      try {
        const token = bearerToken(String(header));
        ctx.extra.user = token ? await authenticate(db, token, config.jwtSecret) : null;
        return true;
      } catch {
        return false;
      }
    },
    onSubscribe: (ctx, _id, payload) => {
      if (Object.keys(ctx.subscriptions).length > config.websocket.maxSubscriptions) {
        return [new GraphQLError(`This connection already has ${config.websocket.maxSubscriptions} operations running; complete one first or open another connection.`,
          { extensions: { code: GraphQLErrorCode.LIMIT_EXCEEDED, maxSubscriptions: config.websocket.maxSubscriptions } })];
      }
      let document;
      try {
        document = parse(payload.query);
      } catch (error) {
        return [error as GraphQLError];
      }
      const invalid = validate(schema, document);
      if (invalid.length) return invalid;
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) return [new GraphQLError('Unable to identify the operation; name it in operationName.')];
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
      const { cost, depth } = operationCost(schema, operation, fragments, payload.variables ?? {});
      const { maxCost, maxDepth } = config.limits;
      if (depth > maxDepth || cost > maxCost) {
        return [new GraphQLError(`Query is too complex: cost ${cost} (limit ${maxCost}), depth ${depth} (limit ${maxDepth}).`,
          { extensions: { code: GraphQLErrorCode.QUERY_TOO_COMPLEX, cost, maxCost, depth, maxDepth } })];
      }
      return { schema, document, variableValues: payload.variables, operationName: payload.operationName };
    },
    context: (ctx) => contextFor(ctx.extra.user ?? null),
    onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: masked(result.errors) } : undefined),
    onError: (_ctx, _id, _payload, errors) => masked(errors),
  }, wsServer, config.websocket.keepAliveMs);
}
