/**
 * A value written as a GraphQL literal, for the generated operations of the fuzz and the paid-content sweep: objects
 * without quoted keys, upper-case identifiers as enum values, non-finite numbers as 0 (GraphQL has no NaN).
 */
export function graphqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(graphqlLiteral).join(', ')}]`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  if (typeof value === 'object')
    return `{ ${Object.entries(value as object)
      .map(([k, v]) => `${k}: ${graphqlLiteral(v)}`)
      .join(', ')} }`;
  if (typeof value === 'string' && /^[A-Z][A-Z0-9_]*$/.test(value)) return value;
  return JSON.stringify(value);
}
