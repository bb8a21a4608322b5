import { HttpError } from 'react-admin';

const TOKEN_KEY = 'knowpay.admin.token';

export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string) => localStorage.setItem(TOKEN_KEY, token),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string };
}

/** A business failure from a mutation payload's `errors` list, shown to the admin as is. */
export interface PayloadError {
  code: string;
  message: string;
  field?: string[] | null;
}

/**
 * POSTs one operation to /graphql on this origin with the signed-in token.
 * Request-level errors become react-admin HttpErrors (401 for
 * UNAUTHENTICATED, 403 for FORBIDDEN) so the auth provider can react.
 */
export async function gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const token = tokenStore.get();
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json().catch(() => ({}))) as { data?: T; errors?: GraphQLErrorBody[] };
  if (body.errors?.length) {
    const [first] = body.errors;
    const code = first.extensions?.code;
    const status = code === 'UNAUTHENTICATED' ? 401 : code === 'FORBIDDEN' ? 403 : res.status >= 400 ? res.status : 400;
    throw new HttpError(first.message, status, body);
  }
  if (!body.data) throw new HttpError(`The server answered ${res.status} without data.`, res.status || 500, body);
  return body.data;
}

/** Runs a mutation and returns its payload field, throwing the first payload error as a readable message. */
export async function mutate<T = any>(query: string, variables: Record<string, unknown>, field: string): Promise<T> {
  const data = await gql<Record<string, T & { errors?: PayloadError[] }>>(query, variables);
  const result = data[field];
  const failure = result?.errors?.[0];
  if (failure) throw new HttpError(failure.message, 400, { errors: result.errors });
  return result;
}
