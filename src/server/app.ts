import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { WebSocketServer } from 'ws';
import { DataSource } from 'typeorm';
import { handleStripeWebhook } from '../commerce/payments/stripe-webhook';
import { GraphQLErrorCode } from '../common/errors';
import { hasPendingMigrations } from './data-source';
import { countStatements, StatementCount } from '../db/sql-statement-counter';
import { authenticate, bearerToken } from '../identity/auth-token';
import { authenticateApiKey, chargeApiKeyRequest } from '../partners/api-key-auth';
import { isApiKeyToken } from '../partners/api-key-secret';
import { serveCertificateCheck } from '../learning/certificate-check';
import { serveMediaAuthorization } from '../catalog/media-signing';
import { backendName } from '../ml/backend';
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
import { checkDocumentSource, limitValidationRules } from './operation-limits';
import { knowpaySchema } from './schema';
import type { AppServices } from '../kernel/context';
import { connectionStringOf, startServices } from './services';

export interface KnowpayServer {
  url: string;
  port: number;
  httpServer: Server;
  services: AppServices;
  /** Stops accepting, lets in-flight requests finish, closes WebSockets. The caller closes the database. */
  stop(): Promise<void>;
}

export interface ServerDependencies {
  config: Config;
  db: DataSource;
  logger: Logger;
}

export const SQL_COUNT_HEADER = 'x-knowpay-sql-statements';

function graphqlError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

export async function startServer({ config, db, logger }: ServerDependencies, port = config.port): Promise<KnowpayServer> {
  const schema = await knowpaySchema();
  const services = await startServices(config, db, logger);
  const httpServer = createServer();
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: config.limits.maxBodyBytes });

  // Links (certificate verification) use PUBLIC_URL, else this server's own URL once it listens.
  const requestConfig: Config = { ...config };
  // Every request and socket operation gets the instance's services and a context of its own.
  const { stop: _stop, ...shared } = services;
  const contextFor = (user: AuthUser | null, address: string, apiKey: ApiKeyPrincipal | null = null, session: SocketSession | null = null): DomainContext =>
    createDomainContext({ ...shared, requestId: randomUUID(), config: requestConfig, user, apiKey, clientAddress: address, session });

  // Sockets lose power with their user: committed changes to users, enrollments, memberships and
  // courses arrive on PostgreSQL's knowpay_access channel, from any instance.
  const authenticateToken = (token: string) => authenticate(db, token, config.jwtSecret);
  const sessions = new SocketSessions(authenticateToken);
  const accessSignals = await AccessSignalListener.start(connectionStringOf(db), logger, (signal) => {
    sessions.handle(signal).catch((error) => logger.warn(`access signal ${signal.kind} not applied: ${(error as Error).message}`));
  });
  const wsCleanup = serveGraphQLOverWebSocket({
    schema, wsServer, config, logger, sessions, authenticate: authenticateToken,
    contextFor: (user, address, session) => contextFor(user, address, null, session),
  });

  const apollo = new ApolloServer<DomainContext>({
    schema,
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
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
    ],
  });
  await apollo.start();

  const handleGraphQL = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    let body: unknown;
    if (req.method === 'POST') {
      let raw: string;
      try {
        raw = await readBody(req, config.limits.maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return graphqlError(res, 413, GraphQLErrorCode.PAYLOAD_TOO_LARGE, error.message);
        throw error;
      }
      try {
        body = raw.length ? JSON.parse(raw) : undefined;
      } catch {
        return graphqlError(res, 400, 'BAD_REQUEST', 'Request body is not valid JSON.');
      }
    }
    const source = req.method === 'POST' ? (body as { query?: unknown } | undefined)?.query : url.searchParams.get('query');
    if (typeof source === 'string') {
      const tooLarge = checkDocumentSource(source, config.limits);
      if (tooLarge) return sendJson(res, 400, { errors: [formatError(tooLarge.toJSON(), tooLarge)] });
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search: url.search, body };
    const address = clientAddress(req, config.trustProxyHops);
    const counter: StatementCount = { statements: 0 };
    const result = await countStatements(counter, () => apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => {
        const token = bearerToken(req.headers.authorization);
        if (token && isApiKeyToken(token)) {
          const apiKey = await authenticateApiKey(db, token);
          await chargeApiKeyRequest(services.tokenBuckets, apiKey, config.apiKeyRateLimit);
          return contextFor(null, address, apiKey);
        }
        return contextFor(token ? await authenticateToken(token) : null, address);
      },
    }));
    for (const [key, value] of result.headers) res.setHeader(key, value);
    if (config.exposeSqlCount) res.setHeader(SQL_COUNT_HEADER, String(counter.statements));
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  };

  const readiness = async () => {
    const checks: Record<string, unknown> = {};
    let ready = true;
    try {
      await db.query('SELECT 1');
      checks.database = 'ok';
      const pending = await hasPendingMigrations(db);
      checks.migrations = pending ? 'pending' : 'applied';
      ready = !pending;
    } catch (error) {
      checks.database = `unreachable: ${(error as Error).message}`;
      ready = false;
    }
    checks.modelBackend = backendName();
    const models = services.models.status();
    checks.modelBackendPackage = models.backendPackage;
    checks.modelDevice = models.device;
    checks.models = services.models.status().version;
    checks.moderationModel = services.models.moderation.version;
    return { ready, checks };
  };

  // Requests whose resolvers are still running, even if their client hung up:
  // the database must outlive them on shutdown.
  let inFlight = 0;
  let drained: (() => void) | null = null;

  httpServer.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    inFlight += 1;
    const route = async () => {
      if (url.pathname === '/graphql') return handleGraphQL(req, res, url);
      if (url.pathname === '/webhooks/stripe') return handleStripeWebhook(services, req, res);
      if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (url.pathname === '/readyz') {
        const { ready, checks } = await readiness();
        return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', ...checks });
      }
      if (url.pathname === '/admin' || url.pathname.startsWith('/admin/')) return serveAdmin(url.pathname, res);
      if (url.pathname === '/media/authorize') return serveMediaAuthorization(config, req, res, url);
      if (url.pathname.startsWith('/certificates/')) return serveCertificateCheck(db, url.pathname.slice('/certificates/'.length), res);
      if (url.pathname === '/') return sendJson(res, 200, { graphql: '/graphql', admin: '/admin', health: '/healthz', ready: '/readyz' });
      return sendJson(res, 404, { error: `Nothing at ${url.pathname}; the API is at /graphql.` });
    };
    route().catch((error) => {
      logger.error(`request ${req.method} ${url.pathname} failed`, error);
      if (!res.headersSent) graphqlError(res, 500, GraphQLErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error.');
      else res.end();
    }).finally(() => {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    });
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
    async stop() {
      await apollo.stop();
      wsServer.close();
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((resolve) => { drained = resolve; }), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
      }
      await accessSignals.stop();
      await services.stop();
    },
  };
}
