import { progressBar } from '../progress';
import { CourseRecommender } from '../recommend/course-recommender';
import { InMemoryLearnerSignals } from '../recommend/learner-signals';
import { trainItemModel } from '../recommend/item-model-training';
import { PopularityModel } from '../recommend/popularity';
import { integerFlag, parseArgs, requiredFlag } from './cli-args';
import { readInputFile, writeJsonLine, type CommandIo } from './command-io';
import { parseIdList, parseInteractions } from './interaction-file';

export const RECOMMEND_USAGE = 'recommend --train FILE --users FILE --k K [--seed S]';

/**
 * Trains on the interactions file and prints, per requested user, K items
 * the user has not interacted with, best first:
 *   {"user":"…","items":["…", …]}
 * Users absent from the training file get the most popular items.
 */
export async function recommendCommand(argv: readonly string[], io: CommandIo): Promise<void> {
  const args = parseArgs(argv, ['train', 'users', 'k', 'seed']);
  const trainFile = requiredFlag(args, 'train');
  const usersFile = requiredFlag(args, 'users');
  const k = integerFlag(args, 'k', undefined, 1);
  const seed = integerFlag(args, 'seed', 1, 0);
  const interactions = parseInteractions(await readInputFile(trainFile, 'training file'), trainFile);
  const users = parseIdList(await readInputFile(usersFile, 'users file'));

  const progress = progressBar(io.stderr);
  const model = await trainItemModel(interactions, { seed, progress });
  const recommender = new CourseRecommender({
    model,
    popularity: PopularityModel.fromInteractions(interactions),
    signals: new InMemoryLearnerSignals(interactions),
    batching: { maxBatch: 128, maxWaitMs: 1 },
  });
  try {
    const CHUNK = 512;
    for (let start = 0; start < users.length; start += CHUNK) {
      const chunk = users.slice(start, start + CHUNK);
      const lists = await Promise.all(chunk.map((user) => recommender.recommendForUser(user, k)));
      chunk.forEach((user, i) => writeJsonLine(io, { user, items: lists[i].map((r) => r.itemId) }));
      progress('scoring users', Math.min(1, (start + CHUNK) / users.length));
    }
  } finally {
    recommender.dispose();
  }
}
