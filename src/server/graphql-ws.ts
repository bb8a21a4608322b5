import type { IncomingMessage } from 'node:http';
import { GraphQLError, GraphQLSchema, getOperationAST, parse, specifiedRules, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import jwt from 'jsonwebtoken';
import type { WebSocket, WebSocketServer } from 'ws';
import { GraphQLErrorCode } from '../common/errors';
import { bearerToken } from '../identity/auth-token';
import { FORBIDDEN_CLOSE_CODE, SocketSession, SocketSessions } from '../realtime/socket-sessions';
import { formatError, guardOperation, logUnexpectedErrors } from './apollo-plugins';
import { clientAddress } from './client-address';
import type { Config } from '../kernel/config';
import type { AuthUser, DomainContext } from '../kernel/context';
import type { Logger } from '../kernel/logger';
import { checkDocumentSource, limitValidationRules } from './operation-limits';

/**
 * GraphQL over WebSocket (graphql-transport-ws) on /graphql:
 *
 * - auth: `connectionParams.authorization` carries the same "Bearer <token>"
 *   as HTTP; none means anonymous; a bad or expired one closes the socket
 *   with 4403 Forbidden (graphql-ws's code for a refused connection_init);
 * - the socket loses power with its user: every operation re-checks the
 *   token (ban, token version, roles); a ban or revocation anywhere closes
 *   the user's sockets with 4403 within moments (SocketSessions, fed by the
 *   database's access signals), and so does the token's expiry;
 * - keepalive: a WebSocket ping every `websocket.keepAliveMs`; a peer that
 *   does not pong within the next interval is terminated, and its
 *   subscriptions are returned (their pub/sub queues released);
 * - limits: at most `websocket.maxSubscriptions` operations at once per
 *   connection (more → an error with code LIMIT_EXCEEDED for that one
 *   operation), and the same document, cost and throttle limits as HTTP;
 * - errors are masked like HTTP ones: no stack traces or SQL reach clients.
 */
export interface GraphQLWebSocketOptions {
  schema: GraphQLSchema;
  wsServer: WebSocketServer;
  config: Config;
  logger: Logger;
  sessions: SocketSessions;
  authenticate(token: string): Promise<AuthUser>;
  contextFor(user: AuthUser | null, clientAddress: string, session: SocketSession): DomainContext;
}

type ConnectionExtra = Record<PropertyKey, unknown> & {
  socket: WebSocket;
  request: IncomingMessage;
  session?: SocketSession;
  /** The context of each running operation, by its id on this connection (for the request id in logs). */
  operations?: Map<string, DomainContext>;
};

function tokenExpiry(token: string): number | null {
  const claims = jwt.decode(token) as { exp?: number } | null;
  return typeof claims?.exp === 'number' ? claims.exp * 1000 : null;
}

export function serveGraphQLOverWebSocket({ schema, wsServer, config, logger, sessions, authenticate, contextFor }: GraphQLWebSocketOptions) {
  const rules = [...specifiedRules, ...limitValidationRules(config.limits)];
  const masked = (errors: readonly GraphQLError[]) => errors.map((error) => formatError(error.toJSON(), error));
  const refuse = (error: GraphQLError) => [error];

  return useServer<Record<string, unknown> | undefined, ConnectionExtra>({
    schema,
    onConnect: async (ctx) => {
      const header = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
      const close = (code: number, reason: string) => ctx.extra.socket.close(code, reason);
      if (header == null) {
        ctx.extra.session = new SocketSession(null, null, close);
        return true;
      }
      try {
        const token = bearerToken(String(header));
        const user = token ? await authenticate(token) : null;
        const session = new SocketSession(user, token, close);
        if (token) session.expireAt(tokenExpiry(token));
        sessions.add(session);
        ctx.extra.socket.once('close', () => sessions.remove(session));
        ctx.extra.session = session;
        return true;
      } catch {
        return false;
      }
    },
    onSubscribe: async (ctx, id, payload) => {
      const session = ctx.extra.session!;
      // Every operation re-checks the user the socket speaks for.
      if (session.token && !(await sessions.refresh(session))) return refuse(new GraphQLError('This token no longer works; sign in again.', { extensions: { code: GraphQLErrorCode.UNAUTHENTICATED } }));
      if (Object.keys(ctx.subscriptions).length > config.websocket.maxSubscriptions) {
        return refuse(new GraphQLError(`This connection already has ${config.websocket.maxSubscriptions} operations running; complete one first or open another connection.`,
          { extensions: { code: GraphQLErrorCode.LIMIT_EXCEEDED, maxSubscriptions: config.websocket.maxSubscriptions } }));
      }
      if (typeof payload.query !== 'string') return refuse(new GraphQLError('The query must be a string.', { extensions: { code: 'BAD_REQUEST' } }));
      const tooLarge = checkDocumentSource(payload.query, config.limits);
      if (tooLarge) return [tooLarge];
      let document;
      try {
        document = parse(payload.query);
      } catch (error) {
        return [error as GraphQLError];
      }
      const invalid = validate(schema, document, rules);
      if (invalid.length) return invalid;
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) return refuse(new GraphQLError('Unable to identify the operation; name it in operationName.', { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } }));
      const contextValue = contextFor(session.user, clientAddress(ctx.extra.request, config.trustProxyHops), session);
      const refusal = await guardOperation(contextValue, schema, document, operation, payload.variables ?? {});
      if (refusal) return [refusal];
      (ctx.extra.operations ??= new Map()).set(id, contextValue);
      return { schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue };
    },
    onComplete: (ctx, id) => { ctx.extra.operations?.delete(id); },
    onNext: (ctx, id, _payload, _args, result) => {
      if (!result.errors) return undefined;
      logUnexpectedErrors(logger, ctx.extra.operations?.get(id)?.requestId ?? 'ws', result.errors);
      return { ...result, errors: masked(result.errors) };
    },
    onError: (ctx, id, _payload, errors) => {
      logUnexpectedErrors(logger, ctx.extra.operations?.get(id)?.requestId ?? 'ws', errors);
      ctx.extra.operations?.delete(id);
      return masked(errors);
    },
  }, wsServer, config.websocket.keepAliveMs);
}

export { FORBIDDEN_CLOSE_CODE };
