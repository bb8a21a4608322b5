import type { DataSource, EntityManager } from 'typeorm';
import { decodeSnapshot, encodeSnapshot, type EncodedSnapshot, type ModelSnapshot } from './model-snapshot';

/**
 * Model versions in PostgreSQL (ml_models): a snapshot's JSON header in
 * `header`, its weights in `payload`. Saving an existing (kind, version) is a
 * no-op, so retraining on unchanged data adds no rows; old versions beyond
 * `KEPT_VERSIONS` per kind are pruned, leaving a short history to roll back to.
 */

export const KEPT_VERSIONS = 5;

export interface StoredModel {
  snapshot: ModelSnapshot;
  metrics: Record<string, unknown>;
}

export async function saveModel(manager: EntityManager | DataSource, snapshot: ModelSnapshot, metrics: Record<string, unknown> = {}): Promise<void> {
  const { header, blob } = encodeSnapshot(snapshot);
  // Re-saving a version (unchanged data) makes it the newest again.
  await manager.query(
    `INSERT INTO ml_models (kind, version, format_version, trained_at, metrics, header, payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (kind, version) DO UPDATE SET created_at = now(), metrics = EXCLUDED.metrics`,
    [snapshot.kind, snapshot.version, snapshot.formatVersion, snapshot.trainedAt, JSON.stringify(metrics), JSON.stringify(header), blob],
  );
  await manager.query(
    `DELETE FROM ml_models WHERE kind = $1 AND id NOT IN (
       SELECT id FROM ml_models WHERE kind = $1 ORDER BY created_at DESC LIMIT ${KEPT_VERSIONS})`,
    [snapshot.kind],
  );
}

/** The newest stored version of `kind`, or null when none was ever trained. */
export async function loadLatestModel(db: EntityManager | DataSource, kind: string): Promise<StoredModel | null> {
  return storedModel(await db.query(`SELECT header, payload, metrics FROM ml_models WHERE kind = $1 ORDER BY created_at DESC, id LIMIT 1`, [kind]));
}

/** One exact stored version, or null when it was pruned. */
export async function loadModelVersion(db: EntityManager | DataSource, kind: string, version: string): Promise<StoredModel | null> {
  return storedModel(await db.query(`SELECT header, payload, metrics FROM ml_models WHERE kind = $1 AND version = $2`, [kind, version]));
}

function storedModel(rows: Array<{ header: EncodedSnapshot['header']; payload: Buffer; metrics: Record<string, unknown> }>): StoredModel | null {
  if (rows.length === 0) return null;
  return { snapshot: decodeSnapshot({ header: rows[0].header, blob: rows[0].payload }), metrics: rows[0].metrics };
}
