import type { EntityManager } from 'typeorm';

/**
 * Multi-row, parameterized INSERTs in chunks: thousands of rows in a handful
 * of round trips instead of one statement per row, and never more bind
 * parameters in one statement than PostgreSQL's wire protocol allows (65,535).
 *
 * Columns are the rows' own fields, camelCase to snake_case (`createdAt` →
 * `created_at`), so a row interface that matches its table is all it takes.
 * PostgreSQL coerces each parameter to its target column's type (text[],
 * jsonb, timestamptz); pg sends arrays as array literals and objects as JSON.
 */
export interface BulkInsert {
  table: string;
  /** Runs the INSERTs in the manager's transaction; resolves to the number of rows inserted. */
  run(manager: EntityManager): Promise<number>;
}

const MAX_PARAMETERS = 65_535;
const MAX_ROWS_PER_STATEMENT = 1_000;

export function bulkInsert<Row extends object>(table: string, rows: readonly Row[], options: { onConflictDoNothing?: boolean } = {}): BulkInsert {
  return {
    table,
    async run(manager) {
      if (rows.length === 0) return 0;
      const queryRunner = manager.queryRunner;
      if (!queryRunner) throw new Error(`bulkInsert(${table}) needs a transaction's manager`);
      const fields = Object.keys(rows[0]) as Array<keyof Row & string>;
      const head = `INSERT INTO ${table} (${fields.map(columnName).join(', ')}) VALUES `;
      const tail = options.onConflictDoNothing ? ' ON CONFLICT DO NOTHING' : '';
      const chunkSize = Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / fields.length));
      let inserted = 0;
      for (let start = 0; start < rows.length; start += chunkSize) {
        const parameters: unknown[] = [];
        const tuples = rows.slice(start, start + chunkSize).map((row) => {
          const placeholders = fields.map((field) => `$${parameters.push(row[field])}`);
          return `(${placeholders.join(', ')})`;
        });
        const result = await queryRunner.query(head + tuples.join(', ') + tail, parameters, true);
        inserted += result.affected ?? 0;
      }
      return inserted;
    },
  };
}

function columnName(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
