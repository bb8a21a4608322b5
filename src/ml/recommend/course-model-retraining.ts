import type { DataSource } from 'typeorm';
import { runTrainingJob } from '../worker/training-thread';
import { readTrainingInteractions } from './course-activity';
import type { TrainedCourseModels } from './course-model-training';
import { ItemItemModel } from './item-item-model';
import { PopularityModel } from './popularity';

/**
 * A retrain of the course recommender on everything in the database: the
 * data is read here, the fitting (course-model-training.ts) runs on a
 * training thread, and the models come back ready to serve.
 */
/** Reads the training data, fits on a training thread, and returns the models. */
export async function trainCourseModels(db: DataSource, options: { seed?: number } = {}): Promise<TrainedCourseModels> {
  const interactions = await readTrainingInteractions(db);
  const { output } = await runTrainingJob('course-models', { interactions, seed: options.seed ?? 1 });
  return {
    ...(output.itemModel ? { itemModel: ItemItemModel.deserialize(output.itemModel) } : {}),
    popularity: PopularityModel.deserialize(output.popularity),
    metrics: output.metrics,
  };
}
