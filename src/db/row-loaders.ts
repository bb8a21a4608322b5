import DataLoader from 'dataloader';
import { EntityTarget, FindOptionsWhere, In, ObjectLiteral } from 'typeorm';
import { oneByKey } from '../common/loader-results';
import { defineLoader, LoaderFactory } from '../kernel/context';

/**
 * A per-request loader of one entity per value of a unique column
 * (`id`, `userId`, …): one `WHERE column IN (…)` per batch, results in key order.
 */
export function uniqueRowLoader<E extends ObjectLiteral, C extends keyof E & string>(entity: EntityTarget<E>, column: C): LoaderFactory<E[C], E | null> {
  return defineLoader(
    (ctx) =>
      new DataLoader<E[C], E | null>(async (keys) => {
        const rows = await ctx.db.getRepository(entity).findBy({ [column]: In([...keys]) } as FindOptionsWhere<E>);
        return oneByKey(rows, keys, (row) => row[column]);
      }),
  );
}
