import { createHash } from 'node:crypto';

/**
 * Name-based UUIDs (RFC 9562 version 5 layout over SHA-1) for demo rows: an
 * id follows from the row's natural key ("course" + its slug, "user" + a
 * handle), so every run gives the same ids, a demo link stays valid after
 * re-seeding a fresh database, and a test can compute an id without
 * generating anything.
 */
const NAMESPACE = 'knowpay-demo';

export function demoId(kind: string, key: string): string {
  const bytes = createHash('sha1').update(`${NAMESPACE}/${kind}/${key}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
