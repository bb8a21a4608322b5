import { RequestLoader } from '../kernel/request-loader';
import { DataSource, EntityTarget, FindOptionsWhere, In, ObjectLiteral } from 'typeorm';
import { oneByKey } from '../common/loader-results';
import { defineLoader, LoaderFactory } from '../kernel/context';

/**
 * A per-request loader of one entity per value of a unique column
 * (`id`, `userId`, …): one `WHERE column IN (…)` per batch, results in key order.
 */
export function uniqueRowLoader<E extends ObjectLiteral, C extends keyof E & string>(entity: EntityTarget<E>, column: C): LoaderFactory<E[C], E | null> {
  return defineLoader(
    (ctx) =>
      new RequestLoader<E[C], E | null>(async (keys) => {
        const rows = await ctx.db.getRepository(entity).findBy({ [column]: In([...keys]) } as FindOptionsWhere<E>);
        return oneByKey(rows, keys, (row) => row[column]);
      }),
  );
}

const TIMESTAMP_TYPES = new Set<unknown>(['timestamptz', 'timestamp', 'timestamp with time zone', 'timestamp without time zone', 'date', Date]);

/**
 * An entity from a row as PostgreSQL's `to_jsonb(alias)` gives it (database column names as keys): every column the
 * entity maps, so a column added later is never silently missing from a joined read. Timestamps come back as Dates;
 * relations are left unset.
 */
export function entityFromJsonRow<E extends ObjectLiteral>(db: DataSource, entity: EntityTarget<E>, row: Record<string, unknown>): E {
  const metadata = db.getMetadata(entity);
  const relations = new Set(metadata.relations.map((relation) => relation.propertyName));
  const out = metadata.create() as Record<string, unknown>;
  for (const column of metadata.columns) {
    if (relations.has(column.propertyName)) continue;
    const value = row[column.databaseName];
    out[column.propertyName] = value != null && TIMESTAMP_TYPES.has(column.type) ? new Date(value as string) : value;
  }
  return out as E;
}

/**
 * An entity from a plain row of a query builder's default selection of `alias` (columns named `${alias}_${column}`, as
 * TypeORM writes them), without TypeORM's hydration: pg has already parsed timestamps and arrays.
 */
export function entityFromAliasedRow<E extends ObjectLiteral>(db: DataSource, entity: EntityTarget<E>, alias: string, row: Record<string, unknown>): E {
  const metadata = db.getMetadata(entity);
  const out = metadata.create() as Record<string, unknown>;
  for (const column of metadata.columns) {
    if (column.relationMetadata) continue;
    out[column.propertyName] = row[`${alias}_${column.databaseName}`];
  }
  return out as E;
}
