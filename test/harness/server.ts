import 'reflect-metadata';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureAdmin } from '../../src/identity/identity.service';
import { KnowpayServer, SQL_COUNT_HEADER, startServer } from '../../src/server/app';
import { loadConfig, Config } from '../../src/kernel/config';
import { createLogger } from '../../src/kernel/logger';
import { ONE_ADDRESS_MANY_USERS, VERIFIED_SIGN_UPS } from '../../bench/bench-server';
import { createTestDatabase, TestDatabase } from './database';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, any>; path?: string[] }>;
  /** The x-knowpay-sql-statements header; NaN when the server sent none, so no count assertion passes by accident. */
  sqlStatements: number;
}

export interface TestServer {
  url: string;
  db: TestDatabase;
  server: KnowpayServer;
  config: Config;
  /** POSTs a GraphQL operation; `token` signs it in. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/** A real server on a free port over this test file's own database, driven through HTTP. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const db = await createTestDatabase();
  const server = await startTestServerOn(db, env);
  return {
    ...server,
    async stop() {
      await server.stop();
      await db.drop();
    },
  };
}

/**
 * Another server instance over an existing test database (e.g. the first
 * one's `db`), as a second node of a cluster; its stop() leaves the database.
 */
export async function startTestServerOn(db: TestDatabase, env: Record<string, string> = {}): Promise<TestServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    LOG_LEVEL: 'error',
    KNOWPAY_ADMIN_EMAIL: 'admin@knowpay.test',
    KNOWPAY_ADMIN_PASSWORD: 'admin-password',
    MAIL_DIR: join(tmpdir(), `knowpay-test-mail-${process.pid}`),
    ...ONE_ADDRESS_MANY_USERS,
    ...VERIFIED_SIGN_UPS,
    // Every query the suite sends runs compiled (graphql-jit) from its first use, as repeated ones do in production.
    GRAPHQL_COMPILE_AFTER: '1',
    ...env,
  });
  await ensureAdmin(db.dataSource, config);
  const server = await startServer({ config, db: db.dataSource, logger: createLogger(config.logLevel) });
  const url = server.url;
  return {
    url,
    db,
    server,
    config,
    gql: graphqlClient(url),
    async stop() {
      await server.stop();
    },
  };
}

/** POSTs GraphQL operations to the server at `url`; `token` signs them in. */
export function graphqlClient(url: string): TestServer['gql'] {
  return async (query, variables, token) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: any[] };
    return {
      status: res.status,
      data: body.data,
      errors: body.errors,
      sqlStatements: res.headers.has(SQL_COUNT_HEADER) ? Number(res.headers.get(SQL_COUNT_HEADER)) : NaN,
    };
  };
}

export async function signIn(t: Pick<TestServer, 'gql'>, email: string, password: string): Promise<string> {
  const res = await t.gql(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token errors { code message } } }`, {
    e: email,
    p: password,
  });
  if (!res.data?.signIn?.token) throw new Error(`signIn failed: ${JSON.stringify(res)}`);
  return res.data.signIn.token;
}

let counter = 0;
/** Signs up a fresh user through the API and returns its token. */
export async function signUpUser(t: Pick<TestServer, 'gql'>, name = 'Learner'): Promise<{ token: string; email: string; userId: string }> {
  counter += 1;
  const email = `${name.toLowerCase().replace(/[^a-z]/g, '')}${counter}-${process.pid}@example.com`;
  const res = await t.gql(`mutation($input: SignUpInput!) { signUp(input: $input) { token viewer { user { id } } errors { code message } } }`, {
    input: { email, password: 'correct horse battery', displayName: `${name} ${counter}` },
  });
  if (!res.data?.signUp?.token) throw new Error(`signUp failed: ${JSON.stringify(res)}`);
  return { token: res.data.signUp.token, email, userId: res.data.signUp.viewer.user.id };
}
