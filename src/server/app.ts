import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { WebSocketServer } from 'ws';
import { DataSource } from 'typeorm';
import { handleStripeWebhook } from '../commerce/payments/stripe-webhook';
import { GraphQLErrorCode } from '../common/errors';
import { countStatements, StatementCount } from '../db/sql-statement-counter';
import { authenticate, bearerToken } from '../identity/auth-token';
import { authenticateApiKey, chargeApiKeyRequest } from '../partners/api-key-auth';
import { isCsvExport, serveCsvExport } from './csv-exports';
import { isApiKeyToken } from '../partners/api-key-secret';
import { serveCertificateCheck } from '../learning/certificate-check';
import { serveMediaAuthorization } from '../catalog/media-signing';
import { serveAdmin } from './admin-static';
import './event-handlers';
import { AccessSignalListener } from '../realtime/access-signals';
import { SocketSession, SocketSessions } from '../realtime/socket-sessions';
import { errorLoggingPlugin, formatError, operationGuardPlugin } from './apollo-plugins';
import { clientAddress } from './client-address';
import type { Config } from '../kernel/config';
import { ApiKeyPrincipal, AuthUser, createDomainContext, DomainContext } from '../kernel/context';
import { serveGraphQLOverWebSocket } from './graphql-ws';
import { BodyTooLargeError, readBody, sendJson } from '../common/http-body';
import type { Logger } from '../kernel/logger';
import { withLogFields } from '../kernel/log-context';
import { addMetricsSource, httpRequestDuration } from '../kernel/metrics';
import { servePublicMetrics, startMetricsListener } from './metrics-endpoint';
import { checkDocumentSource, limitValidationRules } from './operation-limits';
import { readiness } from './readiness';
import { finishOperation, newOperationRecord, OperationRecord, requestIdFrom, requestRecordPlugin, runOperation, withRequestId } from './request-log';
import { knowpaySchema } from './schema';
import { CompiledExecution } from './compiled-execution';
import type { AppServices } from '../kernel/context';
import { connectionStringOf, startServices } from './services';
import { CacheableRequest, cacheableRequest, knownCacheableRequest, tagsOfAnswer } from './response-cache/cacheable-request';
import { repeatedGetHit, replayShownPrices, sendPublicAnswer } from './response-cache/cached-answers';
import { collectShownPrices } from './response-cache/response-cache.handlers';
import { CachedImpression, CachedResponse, etagOf } from './response-cache/cached-response';

export interface KnowpayServer {
  url: string;
  port: number;
  httpServer: Server;
  services: AppServices;
  /** Where Prometheus scrapes, when METRICS_PORT gives metrics a listener of their own. */
  metricsUrl: string | null;
  /** Stops accepting, lets in-flight requests finish, closes WebSockets. The caller closes the database. */
  stop(): Promise<void>;
}

export interface ServerDependencies {
  config: Config;
  db: DataSource;
  logger: Logger;
}

export const SQL_COUNT_HEADER = 'x-knowpay-sql-statements';

function graphqlError(res: ServerResponse, status: number, code: string, message: string, requestId: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code, requestId } }] });
}

/** Routes as the HTTP duration metric labels them (a bounded set). */
function routeLabel(pathname: string): string {
  if (['/graphql', '/webhooks/stripe', '/healthz', '/readyz', '/metrics', '/'].includes(pathname)) return pathname;
  if (pathname === '/admin' || pathname.startsWith('/admin/')) return '/admin';
  if (pathname.startsWith('/certificates/')) return '/certificates';
  if (pathname.startsWith('/exports/')) return '/exports';
  return 'other';
}

/** Probes and scrapes come every few seconds: their lines are debug, everything else info. */
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

export async function startServer({ config, db, logger }: ServerDependencies, port = config.port): Promise<KnowpayServer> {
  const schema = await knowpaySchema();
  const services = await startServices(config, db, logger);
  const httpServer = createServer();
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: config.limits.maxBodyBytes });

  // Links (certificate verification) use PUBLIC_URL, else this server's own URL once it listens.
  const requestConfig: Config = { ...config };
  // Every request and socket operation gets the instance's services and a context of its own.
  const { stop: _stop, ...shared } = services;
  const contextFor = (
    requestId: string,
    user: AuthUser | null,
    address: string,
    apiKey: ApiKeyPrincipal | null = null,
    session: SocketSession | null = null,
  ): DomainContext => createDomainContext({ ...shared, requestId, config: requestConfig, user, apiKey, clientAddress: address, session });

  // Sockets lose power with their user: committed changes to users, enrollments, memberships and
  // courses arrive on PostgreSQL's knowpay_access channel, from any instance.
  const authenticateToken = (token: string) => authenticate(db, token, config.jwtSecret);
  const sessions = new SocketSessions(authenticateToken);
  const accessSignals = await AccessSignalListener.start(connectionStringOf(db), logger, (signal) => {
    sessions.handle(signal).catch((error) => logger.warn(`access signal ${signal.kind} not applied: ${(error as Error).message}`));
  });
  const wsCleanup = serveGraphQLOverWebSocket({
    schema,
    wsServer,
    config,
    logger,
    sessions,
    authenticate: authenticateToken,
    contextFor: (requestId, user, address, session) => contextFor(requestId, user, address, null, session),
  });

  // Repeated queries run compiled (graphql-jit); Apollo's pipeline around the execution step is unchanged.
  const execution = new CompiledExecution({ schema, compileAfter: config.graphqlCompileAfter, logger });
  const apollo = new ApolloServer<DomainContext>({
    gateway: execution.apolloGateway(),
    introspection: config.limits.introspection,
    includeStacktraceInErrorResponses: false,
    // Operation limits: tokens are counted before parsing (checkDocumentSource, below; maxTokens is the
    // parser's own backstop), aliases/directives/depth during validation, cost and throttles once the
    // operation and its variables are known (operationGuardPlugin).
    parseOptions: { maxTokens: config.limits.maxTokens },
    validationRules: limitValidationRules(config.limits),
    // main.ts owns shutdown order (HTTP, then pool, then embedded database).
    stopOnTerminationSignals: false,
    formatError,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Responses carry no HTTP cache hints (yet); the default plugin would still hook every resolved field.
      ApolloServerPluginCacheControlDisabled(),
      operationGuardPlugin(),
      errorLoggingPlugin(logger),
      requestRecordPlugin(),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  // Who is calling: a partner API key (charged against its rate limit), a signed-in user, or nobody.
  const requestContext = async (req: IncomingMessage, requestId: string): Promise<DomainContext> => {
    const address = clientAddress(req, config.trustProxyHops);
    const token = bearerToken(req.headers.authorization);
    if (token && isApiKeyToken(token)) {
      const apiKey = await authenticateApiKey(db, token);
      await chargeApiKeyRequest(services.tokenBuckets, apiKey, config.apiKeyRateLimit);
      return contextFor(requestId, null, address, apiKey);
    }
    return contextFor(requestId, token ? await authenticateToken(token) : null, address);
  };

  /** A cached answer: no SQL ran for it. */
  const sendHit = (req: IncomingMessage, res: ServerResponse, hit: CachedResponse, request: CacheableRequest): void => {
    if (config.exposeSqlCount) res.setHeader(SQL_COUNT_HEADER, '0');
    sendPublicAnswer(req, res, hit, request, config, 'HIT');
  };

  const handleGraphQL = async (req: IncomingMessage, res: ServerResponse, url: URL, record: OperationRecord, counter: StatementCount) => {
    const { requestId } = record;
    const cache = services.responseCache;
    const answerFromCache = async (cacheable: CacheableRequest, hit: CachedResponse) => {
      record.operation = cacheable.operationName;
      record.operationType = 'query';
      if (hit.impressions.length) await replayShownPrices(contextFor(requestId, null, clientAddress(req, config.trustProxyHops)), hit);
      sendHit(req, res, hit, cacheable);
    };
    let body: unknown;
    let raw: string | undefined;
    if (req.method === 'POST') {
      try {
        raw = await readBody(req, config.limits.maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return graphqlError(res, 413, GraphQLErrorCode.PAYLOAD_TOO_LARGE, error.message, requestId);
        throw error;
      }
    }
    // The same anonymous request as one answered before (same URL, or same body): from this process's copy, unparsed.
    const known = cache ? knownCacheableRequest(req, raw) : null;
    const knownHit = known && cache!.local(known.key);
    if (known && knownHit) return answerFromCache(known, knownHit);
    if (raw !== undefined) {
      try {
        body = raw.length ? JSON.parse(raw) : undefined;
      } catch {
        return graphqlError(res, 400, 'BAD_REQUEST', 'Request body is not valid JSON.', requestId);
      }
    }
    const source = req.method === 'POST' ? (body as { query?: unknown } | undefined)?.query : url.searchParams.get('query');
    if (typeof source === 'string') {
      const tooLarge = checkDocumentSource(source, config.limits);
      if (tooLarge) {
        record.errorCodes.push(String(tooLarge.extensions.code));
        return sendJson(res, 400, { errors: withRequestId([formatError(tooLarge.toJSON(), tooLarge)], requestId) });
      }
    }
    // Anonymous public reads: answered from the response cache before Apollo when they can be.
    const cacheable = cache ? cacheableRequest(req, url, body, config.limits.maxTokens, raw) : null;
    let missStarted: Awaited<ReturnType<NonNullable<typeof cache>['begin']>> | null = null;
    let shownPrices: CachedImpression[] = [];
    if (cache && cacheable) {
      const hit = cache.local(cacheable.key) ?? (await cache.lookup(cacheable.key));
      if (hit) return answerFromCache(cacheable, hit);
      missStarted = await cache.begin();
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search: url.search, body };
    const result = await countStatements(counter, () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => {
          const ctx = await requestContext(req, requestId);
          if (cacheable) shownPrices = collectShownPrices(ctx);
          return ctx;
        },
      }),
    );
    for (const [key, value] of result.headers) res.setHeader(key, value);
    if (config.exposeSqlCount) res.setHeader(SQL_COUNT_HEADER, String(counter.statements));
    res.statusCode = result.status ?? 200;
    if (cache && cacheable && missStarted && res.statusCode === 200 && result.body.kind === 'complete' && !result.body.string.includes('"errors"')) {
      const answer = result.body.string;
      const entry = await cache.store(cacheable.key, missStarted, {
        body: answer,
        etag: etagOf(answer),
        tags: tagsOfAnswer(cacheable.shape, (JSON.parse(answer) as { data?: unknown }).data),
        impressions: shownPrices,
      });
      return sendPublicAnswer(req, res, entry, cacheable, config, 'MISS');
    }
    if (result.body.kind === 'complete') {
      res.end(result.status && result.status >= 400 ? withRequestIdInBody(result.body.string, requestId) : result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  };

  let draining = false;
  const ready = () => readiness({ db, pubsub: services.pubsub, models: services.models, draining: () => draining });

  // Gauges read at scrape time: this instance's pool, sockets and served models.
  const removeMetricsSource = addMetricsSource({
    db,
    sockets: () => ({ connections: wsServer.clients.size, subscriptions: wsCleanup.subscriptions() }),
    servedModels: () => [
      { model: 'recommendations', version: services.models.status().version },
      { model: 'moderation', version: services.models.moderation.version },
    ],
  });
  const metricsListener = await startMetricsListener(config);

  // Requests whose resolvers are still running, even if their client hung up:
  // the database must outlive them on shutdown.
  let inFlight = 0;
  let drained: (() => void) | null = null;

  /** The same request id, metrics and log line as every other operation; nothing else. */
  const answerRepeatedGet = (req: IncomingMessage, res: ServerResponse, request: CacheableRequest, hit: CachedResponse): void => {
    const record = newOperationRecord(requestIdFrom(req.headers), 'http');
    res.setHeader('x-request-id', record.requestId);
    record.operation = request.operationName;
    record.operationType = 'query';
    sendHit(req, res, hit, request);
    httpRequestDuration.observe({ route: '/graphql', method: 'GET', status: String(res.statusCode) }, (performance.now() - record.started) / 1000);
    finishOperation(logger, record, { status: res.statusCode, sqlStatements: 0 });
  };

  httpServer.on('request', (req, res) => {
    const repeated = services.responseCache ? repeatedGetHit(req, services.responseCache) : null;
    if (repeated) return answerRepeatedGet(req, res, repeated.request, repeated.hit);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const requestId = requestIdFrom(req.headers);
    res.setHeader('x-request-id', requestId);
    const started = performance.now();
    const routeName = routeLabel(url.pathname);
    const record = url.pathname === '/graphql' ? newOperationRecord(requestId, 'http') : null;
    const counter: StatementCount = { statements: 0 };
    inFlight += 1;
    const route = async () => {
      if (record) return runOperation(record, () => handleGraphQL(req, res, url, record, counter));
      if (url.pathname === '/webhooks/stripe') return handleStripeWebhook(services, req, res);
      if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (url.pathname === '/readyz') {
        const { ready: isReady, checks } = await ready();
        return sendJson(res, isReady ? 200 : 503, { status: isReady ? 'ready' : draining ? 'draining' : 'not ready', ...checks });
      }
      if (url.pathname === '/metrics') return servePublicMetrics(config, req, res);
      if (url.pathname === '/admin' || url.pathname.startsWith('/admin/')) return serveAdmin(url.pathname, res);
      if (url.pathname === '/media/authorize') return serveMediaAuthorization(config, req, res, url);
      if (isCsvExport(url.pathname)) return serveCsvExport(req, res, url.pathname, () => requestContext(req, requestId));
      if (url.pathname.startsWith('/certificates/')) return serveCertificateCheck(db, url.pathname.slice('/certificates/'.length), res);
      if (url.pathname === '/') return sendJson(res, 200, { graphql: '/graphql', admin: '/admin', health: '/healthz', ready: '/readyz', metrics: '/metrics' });
      return sendJson(res, 404, { error: `Nothing at ${url.pathname}; the API is at /graphql.` });
    };
    withLogFields({ requestId }, () =>
      route()
        .catch((error) => {
          logger.error(`request ${req.method} ${url.pathname} failed`, error);
          if (record) record.outcome = 'server_error';
          if (!res.headersSent) graphqlError(res, 500, GraphQLErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error.', requestId);
          else res.end();
        })
        .finally(() => {
          inFlight -= 1;
          if (inFlight === 0) drained?.();
          const status = res.statusCode;
          httpRequestDuration.observe({ route: routeName, method: req.method ?? 'GET', status: String(status) }, (performance.now() - started) / 1000);
          if (record) return finishOperation(logger, record, { status, sqlStatements: counter.statements });
          const line = { requestId, method: req.method, route: routeName, status, durationMs: Math.round(performance.now() - started) };
          if (QUIET_ROUTES.has(routeName)) logger.debug('http', line);
          else logger.info('http', line);
        }),
    );
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, config.host, () => resolve());
  });
  const actualPort = (httpServer.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  requestConfig.publicUrl ??= `http://${host}:${actualPort}`;
  return {
    url: requestConfig.publicUrl,
    port: actualPort,
    httpServer,
    services,
    metricsUrl: metricsListener?.url ?? null,
    async stop() {
      // Not ready from now on; keep serving while the load balancer notices.
      draining = true;
      if (config.shutdownDelaySeconds > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdownDelaySeconds * 1000));
      await apollo.stop();
      wsServer.close();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => {
            drained = resolve;
          }),
          new Promise((resolve) => setTimeout(resolve, 10_000).unref()),
        ]);
      }
      await accessSignals.stop();
      await services.stop();
      removeMetricsSource();
      await metricsListener?.close();
    },
  };
}

/** Errors Apollo answered before any plugin saw the request (say a bad token's 401) get the request id too. */
function withRequestIdInBody(body: string, requestId: string): string {
  if (!body.includes('"errors"') || body.includes(requestId)) return body;
  try {
    const parsed = JSON.parse(body) as { errors?: unknown };
    if (!Array.isArray(parsed.errors)) return body;
    return JSON.stringify({ ...parsed, errors: withRequestId(parsed.errors, requestId) });
  } catch {
    return body;
  }
}
