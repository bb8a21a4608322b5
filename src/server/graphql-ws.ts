import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { DocumentNode, GraphQLError, GraphQLSchema, getOperationAST, parse, specifiedRules, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import jwt from 'jsonwebtoken';
import type { WebSocket, WebSocketServer } from 'ws';
import { GraphQLErrorCode } from '../common/errors';
import { bearerToken } from '../identity/auth-token';
import { subscribeSharingResults } from '../realtime/shared-execution';
import { FORBIDDEN_CLOSE_CODE, SocketSession, SocketSessions } from '../realtime/socket-sessions';
import { formatError, guardOperation, logUnexpectedErrors } from './apollo-plugins';
import { clientAddress } from './client-address';
import type { Config } from '../kernel/config';
import type { AuthUser, DomainContext } from '../kernel/context';
import type { Logger } from '../kernel/logger';
import { checkDocumentSource, limitValidationRules } from './operation-limits';
import { finishOperation, newOperationRecord, noteErrors, noteViewer, OperationRecord, withRequestId } from './request-log';

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
 * - errors are masked like HTTP ones: no stack traces or SQL reach clients;
 * - fan-out: a query text is parsed and validated once (ParsedDocuments), and
 *   subscribers of the same viewer-independent selection share one execution
 *   per event (src/realtime/shared-execution.ts); access stays per subscriber.
 */
export interface GraphQLWebSocketOptions {
  schema: GraphQLSchema;
  wsServer: WebSocketServer;
  config: Config;
  logger: Logger;
  sessions: SocketSessions;
  authenticate(token: string): Promise<AuthUser>;
  contextFor(requestId: string, user: AuthUser | null, clientAddress: string, session: SocketSession): DomainContext;
}

/** Most distinct query texts kept parsed and validated; beyond it the least recently used goes. */
const PARSED_DOCUMENTS = 500;

/**
 * Query text → its parsed document or its validation errors. Subscribers
 * sending the same text get the same DocumentNode, which is also what lets
 * shared execution recognise them as one shape.
 */
class ParsedDocuments {
  private readonly entries = new Map<string, DocumentNode | readonly GraphQLError[]>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly rules: typeof specifiedRules,
  ) {}

  get(query: string): DocumentNode | readonly GraphQLError[] {
    const known = this.entries.get(query);
    if (known) {
      this.entries.delete(query);
      this.entries.set(query, known);
      return known;
    }
    let parsed: DocumentNode | readonly GraphQLError[];
    try {
      const document = parse(query);
      const invalid = validate(this.schema, document, this.rules);
      parsed = invalid.length ? invalid : document;
    } catch (error) {
      parsed = [error as GraphQLError];
    }
    this.entries.set(query, parsed);
    if (this.entries.size > PARSED_DOCUMENTS) this.entries.delete(this.entries.keys().next().value as string);
    return parsed;
  }
}

type ConnectionExtra = Record<PropertyKey, unknown> & {
  socket: WebSocket;
  request: IncomingMessage;
  session?: SocketSession;
  /** Each running operation, by its id on this connection: its context (for the request id in logs) and its log record. */
  operations?: Map<string, { context: DomainContext; record: OperationRecord; running?: boolean }>;
};

function tokenExpiry(token: string): number | null {
  const claims = jwt.decode(token) as { exp?: number } | null;
  return typeof claims?.exp === 'number' ? claims.exp * 1000 : null;
}

export function serveGraphQLOverWebSocket({ schema, wsServer, config, logger, sessions, authenticate, contextFor }: GraphQLWebSocketOptions) {
  const rules = [...specifiedRules, ...limitValidationRules(config.limits)];
  const documents = new ParsedDocuments(schema, rules);
  const masked = (errors: readonly GraphQLError[], requestId: string | undefined) => {
    const formatted = errors.map((error) => formatError(error.toJSON(), error));
    return requestId ? withRequestId(formatted, requestId) : formatted;
  };
  const refuse = (error: GraphQLError) => [error];
  let runningSubscriptions = 0;
  /** One log line (and the duration metric) per operation, when it ends. */
  const finish = (operations: ConnectionExtra['operations'], id: string) => {
    const running = operations?.get(id);
    if (!running) return;
    operations!.delete(id);
    if (running.running) runningSubscriptions -= 1;
    finishOperation(logger, running.record);
  };

  const server = useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      schema,
      subscribe: subscribeSharingResults,
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
        if (session.token && !(await sessions.refresh(session)))
          return refuse(new GraphQLError('This token no longer works; sign in again.', { extensions: { code: GraphQLErrorCode.UNAUTHENTICATED } }));
        if (Object.keys(ctx.subscriptions).length > config.websocket.maxSubscriptions) {
          return refuse(
            new GraphQLError(
              `This connection already has ${config.websocket.maxSubscriptions} operations running; complete one first or open another connection.`,
              { extensions: { code: GraphQLErrorCode.LIMIT_EXCEEDED, maxSubscriptions: config.websocket.maxSubscriptions } },
            ),
          );
        }
        if (typeof payload.query !== 'string') return refuse(new GraphQLError('The query must be a string.', { extensions: { code: 'BAD_REQUEST' } }));
        const tooLarge = checkDocumentSource(payload.query, config.limits);
        if (tooLarge) return [tooLarge];
        const parsed = documents.get(payload.query);
        if (!('kind' in parsed)) return [...parsed];
        const document = parsed;
        const operation = getOperationAST(document, payload.operationName);
        if (!operation)
          return refuse(
            new GraphQLError('Unable to identify the operation; name it in operationName.', { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } }),
          );
        const record = newOperationRecord(randomUUID(), 'ws');
        record.operation = payload.operationName ?? operation.name?.value ?? null;
        record.operationType = operation.operation;
        const contextValue = contextFor(record.requestId, session.user, clientAddress(ctx.extra.request, config.trustProxyHops), session);
        noteViewer(record, contextValue);
        const refusal = await guardOperation(contextValue, schema, document, operation, payload.variables ?? {});
        if (refusal) {
          noteErrors(record, [refusal]);
          finishOperation(logger, record);
          return [refusal];
        }
        (ctx.extra.operations ??= new Map()).set(id, { context: contextValue, record });
        return { schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue };
      },
      // A subscription counts as running once its source stream exists (its pub/sub topic is being listened to).
      onOperation: (ctx, id, _payload, _args, result) => {
        const operation = ctx.extra.operations?.get(id);
        if (operation?.record.operationType === 'subscription' && Symbol.asyncIterator in Object(result)) {
          operation.running = true;
          runningSubscriptions += 1;
        }
        return undefined;
      },
      // graphql-ws calls onComplete once for every operation that started executing (also when its socket closes).
      onComplete: (ctx, id) => finish(ctx.extra.operations, id),
      onNext: (ctx, id, _payload, _args, result) => {
        if (!result.errors) return undefined;
        const running = ctx.extra.operations?.get(id);
        if (running) noteErrors(running.record, result.errors);
        logUnexpectedErrors(logger, running?.record.requestId ?? 'ws', result.errors);
        return { ...result, errors: masked(result.errors, running?.record.requestId) };
      },
      onError: (ctx, id, _payload, errors) => {
        const running = ctx.extra.operations?.get(id);
        if (running) noteErrors(running.record, errors);
        logUnexpectedErrors(logger, running?.record.requestId ?? 'ws', errors);
        return masked(errors, running?.record.requestId);
      },
    },
    wsServer,
    config.websocket.keepAliveMs,
  );

  return {
    dispose: () => server.dispose(),
    /** Subscriptions running on this instance's sockets (the knowpay_graphql_subscriptions gauge). */
    subscriptions: () => runningSubscriptions,
  };
}

export { FORBIDDEN_CLOSE_CODE };
