import type { IncomingMessage } from 'node:http';
import { parseGlobalId } from '../../common/global-id';
import { cacheKeyOf, notePersistedQuery, operationShape, OperationShape, queryOfHash } from './cacheable-operation';
import { courseTag, LISTS } from './cached-response';

/** An anonymous request the response cache may answer, with its key. */
export interface CacheableRequest {
  key: string;
  shape: OperationShape;
  /** GET (with a query or a persisted query's hash): the answer may carry Cache-Control for CDNs and browsers. */
  get: boolean;
  operationName: string | null;
}

function jsonParam(url: URL, name: string): unknown {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return Symbol.for('invalid');
  }
}

/** Apollo's CSRF rule: a header a simple cross-site request cannot send (a JSON content type counts). Apollo enforces it on everything else. */
function preflighted(req: IncomingMessage): boolean {
  if (req.headers['apollo-require-preflight'] || req.headers['x-apollo-operation-name']) return true;
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return !!type && !['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'].includes(type);
}

/** Cacheable requests by their exact spelling (a GET's URL, a POST's body), so a repeat is recognized without parsing. */
const recent = new Map<string, CacheableRequest>();
const RECENT_MAX = 1000;

function spellingOf(req: IncomingMessage, raw: string | undefined): string | undefined {
  return req.method === 'GET' ? req.url : req.method === 'POST' ? raw : undefined;
}

/** A repeat of a cacheable request this process analysed (and whose limits it checked) before; null otherwise. */
export function knownCacheableRequest(req: IncomingMessage, raw: string | undefined): CacheableRequest | null {
  if (req.headers.authorization !== undefined) return null;
  const spelling = spellingOf(req, raw);
  const known = spelling === undefined ? undefined : recent.get(spelling);
  if (!known || !preflighted(req)) return null;
  return known;
}

/**
 * The cacheable request this is, or null: signed-in and API-key requests
 * (any Authorization header), mutations, batches, persisted-query hashes this
 * instance has not seen in full, and operations outside the public catalog
 * always go to Apollo.
 */
export function cacheableRequest(req: IncomingMessage, url: URL, body: unknown, maxTokens: number, raw?: string): CacheableRequest | null {
  if (req.headers.authorization !== undefined || !preflighted(req)) return null;
  const get = req.method === 'GET';
  let query: unknown, operationName: unknown, variables: unknown, extensions: unknown;
  if (get) {
    query = url.searchParams.get('query') ?? undefined;
    operationName = url.searchParams.get('operationName') ?? undefined;
    variables = jsonParam(url, 'variables');
    extensions = jsonParam(url, 'extensions');
  } else if (req.method === 'POST' && body !== null && typeof body === 'object' && !Array.isArray(body)) {
    ({ query, operationName, variables, extensions } = body as Record<string, unknown>);
  } else {
    return null;
  }
  if (variables !== undefined && (variables === null || typeof variables !== 'object' || Array.isArray(variables))) return null;
  if (operationName !== undefined && typeof operationName !== 'string') return null;
  const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  if (typeof query === 'string') {
    if (typeof hash === 'string') notePersistedQuery(query);
  } else if (query === undefined && typeof hash === 'string') {
    query = queryOfHash(hash);
  }
  if (typeof query !== 'string') return null;
  const shape = operationShape(query, maxTokens);
  if (!shape?.cacheable.get(operationName ?? '')) return null;
  const request = { key: cacheKeyOf(shape, operationName ?? '', variables), shape, get, operationName: operationName ?? shape.soleName };
  const spelling = spellingOf(req, raw);
  if (spelling !== undefined && spelling.length <= 16_384) {
    if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value as string);
    recent.set(spelling, request);
  }
  return request;
}

/**
 * What an answer shows: each course it names by id, and LISTS unless it is
 * one course page that names its course (a list, a category or creator page,
 * a course not found, a page without ids can change with any course).
 */
export function tagsOfAnswer(shape: OperationShape, data: unknown): string[] {
  const courses = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) walk(item);
    else if (value !== null && typeof value === 'object') {
      for (const [field, inner] of Object.entries(value)) {
        if (field === 'id' && typeof inner === 'string') {
          const id = parseGlobalId(inner);
          if (id?.type === 'Course') courses.add(id.id);
        } else {
          walk(inner);
        }
      }
    }
  };
  walk(data);
  const onePage = [...shape.rootFields].every((name) => name === 'course' || name === '__typename') && courses.size > 0;
  return [...[...courses].map(courseTag), ...(onePage ? [] : [LISTS])];
}
