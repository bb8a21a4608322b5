import 'reflect-metadata';
import { createDataSource } from './src/server/data-source';

/**
 * The DataSource the TypeORM CLI uses (`npm run migration:run`). It needs
 * DATABASE_URL; the server itself also migrates on start, embedded or not.
 */
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL (e.g. postgres://127.0.0.1:5432/test) to run TypeORM CLI commands.');

export default createDataSource(url);
