import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeSnapshot, encodeSnapshot, type EncodedSnapshot } from '../model-snapshot';
import { AUDIT_MODEL_RECIPE, trainAuditModel, type AuditTrainingOutput } from './audit-model-training';
import { DEFAULT_NGRAM_CONFIG, HashedNgramFeaturizer } from './hashed-ngram-features';
import { knowledgeCorpus } from './knowledge/knowledge-corpus';
import type { ProgressReporter } from '../progress';

/**
 * The audit model a fresh installation serves, built from the knowledge that
 * ships in npm packages (knowledge/knowledge-corpus.ts), never from a file
 * checked into the repository. Training takes about half a minute, so the
 * result is kept on disk under `build/audit-model/` (ML_MODEL_CACHE_DIR),
 * named by a key over everything that shapes it: the corpus (texts, labels,
 * splits), the featurizer's output on probe texts, and the training recipe.
 * A fresh clone trains it once (its first `npm start`, `npm test` or
 * `npm run -s ml -- moderate`); every later start, test run and command
 * loads the same file, so the server and the command line score with the
 * same version. When the key changes (new package versions, new templates,
 * a featurizer change) the next use trains a new one.
 *
 * Runs on a training thread (job 'default-audit-model'): building the corpus
 * alone reads 6,000 mails.
 */

export interface DefaultAuditModel extends AuditTrainingOutput {
  /** Whether this call trained it (false: read from the cache). */
  trained: boolean;
  file: string;
}

const PROBES = [
  'Ｆ.Ｒ.Ｅ.Ｅ  m0ney!!! http://x.io',
  '你就是个煞笔，加V：12345678',
  'y o u  a r e  a n  i d 1 o t',
  'nmsl sha bi',
  'Great course, thanks!',
  'f*ck 傻🙂逼 whatsapp +1 415 555 0100',
];

export async function defaultAuditModel(input: { cacheDir?: string; progress?: ProgressReporter } = {}): Promise<DefaultAuditModel> {
  const dir = input.cacheDir ?? defaultCacheDir();
  const file = path.join(dir, `audit-model-${cacheKey()}.snapshot`);
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as { header: EncodedSnapshot['header']; metrics: AuditTrainingOutput['metrics'] };
    return { snapshot: decodeSnapshot({ header: stored.header, blob: readFileSync(file) }), metrics: stored.metrics, trained: false, file };
  }
  const output = await trainAuditModel({ decisions: [], progress: input.progress });
  try {
    mkdirSync(dir, { recursive: true });
    const { header, blob } = encodeSnapshot(output.snapshot);
    // Header first, weights last and renamed into place: a reader that sees the weights file sees a complete pair.
    writeFileSync(`${file}.json`, JSON.stringify({ header, metrics: output.metrics }));
    writeFileSync(`${file}.tmp-${process.pid}`, blob);
    renameSync(`${file}.tmp-${process.pid}`, file);
  } catch {
    // A read-only install still serves the model it just trained; the next start trains again.
  }
  return { ...output, trained: true, file };
}

export function defaultCacheDir(): string {
  if (process.env.ML_MODEL_CACHE_DIR) return path.resolve(process.env.ML_MODEL_CACHE_DIR);
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  // dist/src/ml/moderate has no package.json of its own; the walk ends at the project root either way.
  return path.join(dir, 'build', 'audit-model');
}

function cacheKey(): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ recipe: AUDIT_MODEL_RECIPE, ngrams: DEFAULT_NGRAM_CONFIG }));
  for (const e of knowledgeCorpus()) hash.update(`${e.split}\u0000${e.label}\u0000${e.text}\u0001`);
  const featurizer = new HashedNgramFeaturizer();
  for (const probe of PROBES) {
    const v = featurizer.featurize(probe);
    hash.update(new Uint8Array(v.indices.buffer, v.indices.byteOffset, v.indices.byteLength));
    hash.update(new Uint8Array(v.values.buffer, v.values.byteOffset, v.values.byteLength));
  }
  return hash.digest('hex').slice(0, 16);
}
