/**
 * Opaque global IDs: base64url("Type:uuid"). Clients treat them as strings;
 * the server can tell which type an ID names, so `node(id:)` can resolve it.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export interface ParsedGlobalId {
  type: string;
  id: string;
}

/** Whether `value` is a canonical lowercase UUID (the raw id inside every global ID). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Null when the string is not a well-formed Knowpay ID. */
export function parseGlobalId(globalId: string): ParsedGlobalId | null {
  if (typeof globalId !== 'string' || globalId.length === 0 || globalId.length > 200 || !/^[A-Za-z0-9_-]+={0,2}$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  const type = decoded.slice(0, colon);
  const id = decoded.slice(colon + 1);
  if (!/^[A-Z][A-Za-z]+$/.test(type) || !UUID.test(id)) return null;
  return { type, id };
}

/** The raw id when `globalId` names an object of `type`, else null. */
export function idOfType(globalId: string, type: string): string | null {
  const parsed = parseGlobalId(globalId);
  return parsed && parsed.type === type ? parsed.id : null;
}
