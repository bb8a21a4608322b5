import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * How many of the watched objects survive a full collection: what the process still holds, as opposed to what it
 * merely has not collected yet. The current job ends first (a WeakRef keeps its target for the job it was made in).
 */
export async function stillReachable(watched: readonly WeakRef<object>[]): Promise<number> {
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  return watched.filter((ref) => ref.deref() !== undefined).length;
}
