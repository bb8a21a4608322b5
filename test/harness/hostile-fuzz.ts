import {
  getNamedType,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { graphqlLiteral } from './graphql-literal';
import { Sfc32 } from '../../src/common/sfc32';

/**
 * Hostile traffic generated from the schema, deterministic from a seed:
 * random operations with random (often wrong) arguments and selections,
 * malformed and oversized bodies, batches, deep nesting, alias and directive
 * floods, fragment bombs, odd methods and headers. `runFuzz` sends it and
 * counts what a hostile client must never get: 5xx answers, stack traces,
 * slow answers.
 */
export interface FuzzRequest {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface FuzzReport {
  requests: number;
  byKind: Record<string, number>;
  byStatus: Record<string, number>;
  serverErrors: Array<{ kind: string; status: number; body: string }>;
  stackTraces: Array<{ kind: string; body: string }>;
  slowerThan1s: number;
  timeouts: number;
  /** Requests that got no HTTP answer at all (the connection was closed on them), by what the client saw. */
  noAnswer: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  seconds: number;
}

const STACK_TRACE = /\bat [\w.$<>[\] ]+ \(|\(\/[^)]*\.[jt]s:\d+|node_modules\/|"stacktrace"|QueryFailedError|\bSQL\b.*\bsyntax\b/;

class Draw {
  private readonly random: Sfc32;
  constructor(seed: number) {
    this.random = new Sfc32(seed);
  }
  next(): number {
    return this.random.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

const ODD_STRINGS = [
  '',
  ' ',
  'x'.repeat(5000),
  '\u0000',
  '😀'.repeat(50),
  '<script>alert(1)</script>',
  "'; DROP TABLE users; --",
  '%00',
  '../../etc/passwd',
  'Q291cnNlOm5vcGU=',
  'VXNlcjo=',
  'a@b',
  'not-an-email',
  '-1',
  '1e309',
  'null',
  '{"$ne": null}',
  '数据科学',
  'NaN',
  'http://169.254.169.254/latest/meta-data/',
];
const ODD_INTS = [0, -1, 1, 5, 100, 101, 2147483647, -2147483648, 2147483648, Number.MAX_SAFE_INTEGER + 2, 1.5, Number.NaN];

export class HostileTraffic {
  private readonly draw: Draw;
  constructor(
    private readonly schema: GraphQLSchema,
    seed: number,
    private readonly ids: string[] = [],
  ) {
    this.draw = new Draw(seed);
  }

  private value(type: GraphQLInputType, depth = 0): unknown {
    const d = this.draw;
    if (d.chance(0.05)) return d.pick([null, 'x', 42, true, [], {}]); // the wrong type, on purpose
    if (isNonNullType(type)) return this.value(type.ofType, depth);
    if (isListType(type)) return Array.from({ length: d.pick([0, 1, 2, 3, 150]) }, () => this.value(type.ofType, depth + 1));
    if (isEnumType(type)) return d.chance(0.9) ? d.pick(type.getValues()).value : 'NOT_A_VALUE';
    if (isInputObjectType(type)) {
      if (depth > 3) return null;
      return Object.fromEntries(
        Object.values(type.getFields())
          .filter((f) => isNonNullType(f.type) || d.chance(0.5))
          .map((f) => [f.name, this.value(f.type, depth + 1)]),
      );
    }
    if (isScalarType(type)) {
      switch (type.name) {
        case 'ID':
          return d.chance(0.6) && this.ids.length ? d.pick(this.ids) : d.pick(ODD_STRINGS);
        case 'Int':
          return d.pick(ODD_INTS);
        case 'Float':
          return d.pick([0, -1, 0.5, 1e308, Number.MAX_VALUE]);
        case 'Boolean':
          return d.chance(0.5);
        case 'DateTime':
          return d.pick([new Date().toISOString(), '2026-13-45T99:00:00Z', 'yesterday', '0000-01-01T00:00:00Z']);
        default:
          return d.pick(ODD_STRINGS);
      }
    }
    return null;
  }

  private selection(type: GraphQLNamedType, depth: number): string {
    const d = this.draw;
    if (isLeafType(type)) return '';
    if (isAbstractType(type)) {
      const possible = this.schema.getPossibleTypes(type);
      return `__typename ${Array.from({ length: d.int(0, 2) }, () => d.pick(possible))
        .map((t) => `... on ${t.name} { ${this.selection(t, depth)} }`)
        .join(' ')}`;
    }
    const fields = Object.values((type as GraphQLObjectType).getFields()) as GraphQLField<unknown, unknown>[];
    const chosen = fields.filter(() => d.chance(depth > 0 ? 0.35 : 0.6)).slice(0, 12);
    const parts = ['__typename'];
    for (const field of chosen) {
      const named = getNamedType(field.type);
      const args = this.arguments(field);
      const alias = d.chance(0.1) ? `a${d.int(0, 99)}: ` : '';
      if (isLeafType(named)) parts.push(`${alias}${field.name}${args}`);
      else if (depth > 0) parts.push(`${alias}${field.name}${args} { ${this.selection(named, depth - 1)} }`);
    }
    return parts.join(' ');
  }

  private arguments(field: GraphQLField<unknown, unknown>): string {
    const given = field.args.filter((a) => isNonNullType(a.type) || this.draw.chance(0.4));
    if (!given.length) return '';
    return `(${given.map((a) => `${a.name}: ${graphqlLiteral(this.value(a.type))}`).join(', ')})`;
  }

  private operation(): { query: string; variables?: unknown } {
    const d = this.draw;
    const kind = d.pick(['query', 'query', 'query', 'mutation', 'mutation', 'subscription'] as const);
    const root = kind === 'query' ? this.schema.getQueryType()! : kind === 'mutation' ? this.schema.getMutationType()! : this.schema.getSubscriptionType()!;
    const fields = Object.values(root.getFields());
    const parts = Array.from({ length: d.int(1, 3) }, () => {
      const field = d.pick(fields);
      const named = getNamedType(field.type);
      const inner = isLeafType(named) ? '' : `{ ${this.selection(named, d.int(0, 5))} }`;
      return `${d.chance(0.2) ? `r${d.int(0, 9)}: ` : ''}${field.name}${this.arguments(field)} ${inner}`;
    });
    return {
      query: `${kind} Fuzz { ${parts.join(' ')} }`,
      variables: d.chance(0.2) ? { x: this.value(d.pick(Object.values(this.schema.getTypeMap()).filter(isScalarType))) } : undefined,
    };
  }

  next(): FuzzRequest {
    const d = this.draw;
    const json = { 'content-type': 'application/json' };
    const post = (kind: string, body: unknown, headers: Record<string, string> = json): FuzzRequest => ({
      kind,
      method: 'POST',
      path: '/graphql',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const roll = d.next();
    if (roll < 0.55)
      return post(
        'random operation',
        this.operation(),
        d.chance(0.1) ? { ...json, authorization: d.pick(['Bearer x.y.z', 'Basic abc', 'Bearer', 'Bearer kp_live_nope', 'Bearer '.padEnd(5000, 'a')]) } : json,
      );
    if (roll < 0.62)
      return post(
        'batch',
        Array.from({ length: d.pick([2, 10, 500]) }, () => this.operation()),
      );
    if (roll < 0.68) {
      const n = d.int(10, 40);
      return post('fragment bomb', {
        query: [
          'query { ...F0 }',
          ...Array.from({ length: n }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`),
          `fragment F${n} on Query { courses { totalCount } }`,
        ].join(' '),
      });
    }
    if (roll < 0.72)
      return post('alias flood', {
        query: `mutation { ${Array.from({ length: d.pick([16, 100, 400]) }, (_, i) => `a${i}: signIn(email: "x${i}@example.com", password: "p") { token }`).join(' ')} }`,
      });
    if (roll < 0.75) {
      const levels = d.int(5, 400);
      const closing = d.chance(0.8) ? ' } } }'.repeat(levels) : ''; // sometimes left open
      return post('deep nesting', { query: `{ ${'courses(first: 1) { nodes { creator { '.repeat(levels)}id${closing} }` });
    }
    if (roll < 0.78) return post('directive flood', { query: `{ categories { ${'slug @include(if: true) @skip(if: false) '.repeat(d.int(30, 300))} } }` });
    if (roll < 0.81) return post('token flood', { query: `{ categories { ${'slug '.repeat(d.int(2000, 20000))} } }` });
    if (roll < 0.84) {
      const variables = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`v${i}`, i]));
      return post('variable flood', {
        query: `query(${Array.from({ length: d.pick([10, 300]) }, (_, i) => `$v${i}: Int`).join(', ')}) { categories { slug } }`,
        variables,
      });
    }
    if (roll < 0.9) {
      return post(
        'malformed body',
        d.pick([
          '',
          '{',
          '[',
          'null',
          '42',
          '"x"',
          '{"query": 1}',
          '{"query": "{"}',
          '{"query": "{ categories { slug } }", "variables": [1]}',
          '{"query": "{ categories { slug } }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "nope"}}}',
          '['.repeat(100_000),
          '{"a":'.repeat(50_000),
          `{"query": "${'x'.repeat(2_000_000)}"}`,
        ]),
        d.chance(0.3) ? { 'content-type': d.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) } : json,
      );
    }
    if (roll < 0.95) {
      const query = encodeURIComponent(d.chance(0.5) ? this.operation().query : d.pick(ODD_STRINGS));
      return {
        kind: 'GET',
        method: 'GET',
        path: `/graphql?query=${query}&variables=${encodeURIComponent(d.pick(['{', '[]', '{"a":1}']))}`,
        headers: { 'apollo-require-preflight': 'true' },
      };
    }
    return {
      kind: 'odd request',
      method: d.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'GET']),
      path: d.pick(['/graphql', '/webhooks/stripe', '/certificates/../../etc', '/admin/%2e%2e/x', '/readyz', `/${'a'.repeat(3000)}`]),
      headers: { 'content-type': 'application/json' },
      body: d.chance(0.5) ? '{"id": "evt_1", "type": "payment_intent.succeeded"}' : undefined,
    };
  }
}

/** fetch refuses to send a body with GET or HEAD; such a request goes without one. */
function sendable(request: FuzzRequest): FuzzRequest {
  return request.method === 'GET' || request.method === 'HEAD' ? { ...request, body: undefined } : request;
}

/** Sends `count` hostile requests at `concurrency`, and reports what came back. */
export async function runFuzz(url: string, traffic: HostileTraffic, count: number, concurrency = 8, timeoutMs = 10_000): Promise<FuzzReport> {
  const report: FuzzReport = {
    requests: 0,
    byKind: {},
    byStatus: {},
    serverErrors: [],
    stackTraces: [],
    slowerThan1s: 0,
    timeouts: 0,
    noAnswer: {},
    p50Ms: 0,
    p99Ms: 0,
    maxMs: 0,
    seconds: 0,
  };
  const durations: number[] = [];
  const started = Date.now();
  let issued = 0;
  const worker = async () => {
    while (issued < count) {
      issued += 1;
      const request = sendable(traffic.next());
      report.byKind[request.kind] = (report.byKind[request.kind] ?? 0) + 1;
      const begun = Date.now();
      let status = 0;
      let body = '';
      try {
        const res = await fetch(`${url}${request.path}`, {
          method: request.method,
          headers: request.headers,
          body: request.body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = res.status;
        body = await res.text();
      } catch (error) {
        if ((error as Error).name === 'TimeoutError') report.timeouts += 1;
        else {
          const cause = `${request.kind}: ${((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message).slice(0, 60)}`;
          report.noAnswer[cause] = (report.noAnswer[cause] ?? 0) + 1;
        }
      }
      const ms = Date.now() - begun;
      durations.push(ms);
      report.requests += 1;
      report.byStatus[String(status)] = (report.byStatus[String(status)] ?? 0) + 1;
      if (ms > 1000) report.slowerThan1s += 1;
      if (status >= 500) report.serverErrors.push({ kind: request.kind, status, body: body.slice(0, 300) });
      if (STACK_TRACE.test(body)) report.stackTraces.push({ kind: request.kind, body: body.slice(0, 300) });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  durations.sort((x, y) => x - y);
  const at = (q: number) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? 0;
  report.p50Ms = at(0.5);
  report.p99Ms = at(0.99);
  report.maxMs = durations[durations.length - 1] ?? 0;
  report.seconds = Math.round((Date.now() - started) / 100) / 10;
  return report;
}
