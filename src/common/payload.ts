import { UserError, UserFailure } from './errors';

/** Every mutation payload carries `errors`; the rest is the success shape. */
export type Payload<T> = T & { errors: UserError[] };

/**
 * Runs a service call and shapes its outcome as a mutation payload: a
 * `UserFailure` becomes `{ errors: [..] }`, anything else propagates (and is
 * masked as INTERNAL_SERVER_ERROR by the error plugin).
 */
export async function payload<R, T extends object>(run: () => Promise<R>, shape: (result: R) => T): Promise<Payload<Partial<T>>> {
  try {
    const result = await run();
    return { ...shape(result), errors: [] };
  } catch (error) {
    if (error instanceof UserFailure) return { errors: [error.toUserError()] } as Payload<Partial<T>>;
    throw error;
  }
}
