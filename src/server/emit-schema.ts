import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { knowpaySchema } from './schema';

export const SCHEMA_FILE = resolve(__dirname, '../../..', 'schema/schema.graphql');

/** The emitted SDL: sorted, so diffs show real changes rather than declaration order. */
export async function printKnowpaySchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await knowpaySchema()))}\n`;
}

if (require.main === module) {
  printKnowpaySchema()
    .then((sdl) => {
      writeFileSync(SCHEMA_FILE, sdl);
      console.log(`wrote ${SCHEMA_FILE}`);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
