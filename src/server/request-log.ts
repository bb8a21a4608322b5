import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { formatError, isPublicError } from './apollo-plugins';
import type { DomainContext } from '../kernel/context';
import type { Logger } from '../kernel/logger';
import { graphqlOperationDuration, operationLabel } from '../kernel/metrics';
import { limitErrorBehind } from './operation-limits';

/**
 * One GraphQL operation as the request log and the metrics see it: filled
 * in while Apollo (or graphql-ws) runs it, written as one log line when it
 * ends:
 *
 *   {"level":"info","requestId":"…","msg":"graphql","operation":"Catalog","operationType":"query",
 *    "viewerId":"…","durationMs":12.4,"sqlStatements":7,"outcome":"ok","status":200,"transport":"http"}
 *
 * The outcome is `ok`, `client_error` (the caller's: a validation, auth,
 * limit or business error) or `server_error` (ours: logged on its own line
 * with the stack, masked for the caller).
 */
export type Outcome = 'ok' | 'client_error' | 'server_error';

export interface OperationRecord {
  requestId: string;
  transport: 'http' | 'ws';
  started: number;
  operation: string | null;
  operationType: string | null;
  viewerId: string | null;
  partnerId: string | null;
  outcome: Outcome;
  errorCodes: string[];
}

const current = new AsyncLocalStorage<OperationRecord>();

export function newOperationRecord(requestId: string, transport: OperationRecord['transport']): OperationRecord {
  return {
    requestId,
    transport,
    started: performance.now(),
    operation: null,
    operationType: null,
    viewerId: null,
    partnerId: null,
    outcome: 'ok',
    errorCodes: [],
  };
}

export function runOperation<T>(record: OperationRecord, run: () => T): T {
  return current.run(record, run);
}

/** A caller's X-Request-Id (from a proxy or client, up to 128 safe characters), else a fresh one. */
export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

export function noteViewer(record: OperationRecord, ctx: Pick<DomainContext, 'user' | 'apiKey'>): void {
  record.viewerId = ctx.user?.id ?? null;
  record.partnerId = ctx.apiKey?.partnerId ?? null;
}

/** Counts errors into the record's outcome: the worst one wins. */
export function noteErrors(record: OperationRecord, errors: readonly GraphQLError[]): void {
  for (const error of errors) {
    const ours = !isPublicError(error) && !limitErrorBehind(error);
    // The code the caller sees (a business failure's NOT_FOUND, a limit's QUERY_TOO_COMPLEX, …).
    const code = String(formatError(error.toJSON(), error).extensions?.code ?? 'BAD_REQUEST');
    if (!record.errorCodes.includes(code)) record.errorCodes.push(code);
    if (ours) record.outcome = 'server_error';
    else if (record.outcome === 'ok') record.outcome = 'client_error';
  }
}

/** Every error a caller sees names the request, so a support ticket can find its log lines. */
export function withRequestId(errors: readonly GraphQLFormattedError[], requestId: string): GraphQLFormattedError[] {
  return errors.map((error) => ({ ...error, extensions: { ...error.extensions, requestId } }));
}

/** Fills the current operation's record from Apollo and stamps the request id into every error of the response. */
export function requestRecordPlugin(): ApolloServerPlugin<DomainContext> {
  return {
    async requestDidStart({ contextValue, request }) {
      const record = current.getStore();
      if (record) {
        noteViewer(record, contextValue);
        // The name the caller gave, until the document says which operation runs (a request that fails validation keeps it).
        record.operation = request.operationName ?? null;
      }
      return {
        async didResolveOperation({ operationName, operation }) {
          if (!record) return;
          record.operation = operationName ?? null;
          record.operationType = operation?.operation ?? null;
        },
        async didEncounterErrors({ errors }) {
          if (record) noteErrors(record, errors);
        },
        async willSendResponse({ response }) {
          if (!record || response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = withRequestId(response.body.singleResult.errors, record.requestId);
        },
      };
    },
  };
}

/** The one log line and the duration metric of a finished operation. */
export function finishOperation(logger: Logger, record: OperationRecord, extra: { sqlStatements?: number; status?: number } = {}): void {
  const seconds = (performance.now() - record.started) / 1000;
  if (extra.status !== undefined && extra.status >= 500) record.outcome = 'server_error';
  else if (extra.status !== undefined && extra.status >= 400 && record.outcome === 'ok') record.outcome = 'client_error';
  if (record.operationType !== 'subscription') {
    graphqlOperationDuration.observe(
      { operation: operationLabel(record.operation), type: record.operationType ?? 'unknown', outcome: record.outcome, transport: record.transport },
      seconds,
    );
  }
  logger.info('graphql', {
    requestId: record.requestId,
    transport: record.transport,
    operation: record.operation,
    operationType: record.operationType,
    viewerId: record.viewerId,
    ...(record.partnerId ? { partnerId: record.partnerId } : {}),
    durationMs: Math.round(seconds * 10_000) / 10,
    ...(extra.sqlStatements !== undefined ? { sqlStatements: extra.sqlStatements } : {}),
    outcome: record.outcome,
    ...(record.errorCodes.length ? { errors: record.errorCodes } : {}),
    ...(extra.status !== undefined ? { status: extra.status } : {}),
  });
}
