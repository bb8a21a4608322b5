import { randomBytes } from 'node:crypto';

/**
 * Request-side helpers for the local Stripe test server: Stripe's
 * form-encoding (`metadata[orderId]=1&expand[0]=latest_charge`), parameter
 * coercion with Stripe's error messages, id generation and the API error type.
 */

export type Params = { [key: string]: ParamValue };
export type ParamValue = string | ParamValue[] | Params;

export type StripeErrorType = 'invalid_request_error' | 'card_error' | 'idempotency_error' | 'api_error';

/** Thrown by handlers; the server turns it into `{ error: {...} }` with `status`. */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly fields: { code?: string; param?: string; decline_code?: string; [extra: string]: unknown } = {},
  ) {
    super(message);
  }

  toJSON(): { error: Record<string, unknown> } {
    return { error: { type: this.type, message: this.message, ...this.fields } };
  }
}

export function invalidRequest(message: string, fields: StripeApiError['fields'] = {}): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, fields);
}

export function noSuch(kind: string, id: string, param?: string): StripeApiError {
  // A missing object named in the URL is a 404; one named by a parameter is a 400.
  const status = param ? 400 : 404;
  return new StripeApiError(status, 'invalid_request_error', `No such ${kind}: '${id}'`, { code: 'resource_missing', param: param ?? 'id' });
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `prefix_` followed by 24 random base62 characters, like Stripe ids. */
export function stripeId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${out}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Parses Stripe's form encoding (used for POST bodies and GET query strings):
 * `a[b][c]=v` nests, `a[0]=x&a[1]=y` (or `a[]=x`) makes an array.
 */
export function parseForm(encoded: string): Params {
  const root: Params = {};
  for (const [rawKey, value] of new URLSearchParams(encoded)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
    if (!match) throw invalidRequest(`Invalid parameter name: ${rawKey}`, { param: rawKey });
    const path = [match[1], ...[...match[2].matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1])];
    let node: Params = root;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i] === '' ? String(Object.keys(node).length) : path[i];
      const next = node[key];
      if (next === undefined || typeof next === 'string') node[key] = {};
      node = node[key] as Params;
    }
    const last = path[path.length - 1];
    node[last === '' ? String(Object.keys(node).length) : last] = value;
  }
  return arraysFromIndexedObjects(root) as Params;
}

function arraysFromIndexedObjects(value: ParamValue): ParamValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted: Params = {};
  for (const key of keys) converted[key] = arraysFromIndexedObjects(value[key]);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => converted[k]);
  }
  return converted;
}

/** Rejects parameters the endpoint does not know, as Stripe does. `expand` is always allowed. */
export function allowOnly(params: Params, known: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (key !== 'expand' && !known.includes(key)) {
      throw invalidRequest(`Received unknown parameter: ${key}`, { param: key });
    }
  }
}

export function str(params: Params, key: string, required = false): string | undefined {
  const value = params[key];
  if (value === undefined) {
    if (required) throw invalidRequest(`Missing required param: ${key}.`, { code: 'parameter_missing', param: key });
    return undefined;
  }
  if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${JSON.stringify(value)}`, { param: key });
  return value;
}

export function int(params: Params, key: string, required = false): number | undefined {
  const value = str(params, key, required);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw invalidRequest(`Invalid integer: ${value}`, { param: key });
  return Number(value);
}

export function bool(params: Params, key: string): boolean | undefined {
  const value = str(params, key);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw invalidRequest(`Invalid boolean: ${value}`, { param: key });
  return value === 'true';
}

export function hash(params: Params, key: string): Params | undefined {
  const value = params[key];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidRequest(`Invalid hash`, { param: key });
  return value;
}

export function oneOf<T extends string>(params: Params, key: string, allowed: readonly T[]): T | undefined {
  const value = str(params, key);
  if (value !== undefined && !allowed.includes(value as T)) {
    throw invalidRequest(`Invalid ${key}: must be one of ${allowed.join(', ')}`, { param: key });
  }
  return value as T | undefined;
}

/**
 * Applies Stripe's metadata semantics: keys merge into the existing metadata,
 * an empty value unsets a key, and `metadata=` (empty string) clears it all.
 */
export function mergeMetadata(current: Record<string, string>, params: Params): Record<string, string> {
  const value = params.metadata;
  if (value === undefined) return current;
  if (value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidRequest('Invalid hash', { param: 'metadata' });
  const next = { ...current };
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw invalidRequest(`Invalid metadata value for ${key}`, { param: `metadata[${key}]` });
    if (v === '') delete next[key];
    else next[key] = v;
  }
  return next;
}

export function expandPaths(params: Params): string[] {
  const value = params.expand;
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is string => typeof item === 'string');
}
