import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Fields every log line written inside a unit of work carries (the request
 * id of an HTTP request, the job id of a job), without handing a logger
 * down: the logger reads them from here.
 */
export type LogFields = Record<string, string | number | boolean | null>;

const storage = new AsyncLocalStorage<LogFields>();

export function withLogFields<T>(fields: LogFields, run: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, run);
}

export function currentLogFields(): LogFields | undefined {
  return storage.getStore();
}
