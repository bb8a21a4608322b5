import type { Interaction } from './interaction-matrix';

/**
 * Where the recommender reads a learner's current state. The server backs it
 * with the database (enrolments, purchases, declared interests), so
 * recommendations reflect activity since the model was trained; offline runs
 * use the training interactions.
 */
export interface LearnerSignals {
  /** Item ids the learner has interacted with, most recent last. */
  historyOf(userId: string): Promise<readonly string[]>;
  /** Declared interests (tags, categories, free words), if the product collects them. */
  interestsOf?(userId: string): Promise<readonly string[]>;
}

export class InMemoryLearnerSignals implements LearnerSignals {
  private readonly history = new Map<string, string[]>();

  constructor(
    interactions: readonly Interaction[] = [],
    private readonly interests = new Map<string, readonly string[]>(),
  ) {
    const ordered = [...interactions].sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
    for (const e of ordered) {
      const items = this.history.get(e.userId) ?? [];
      if (!items.includes(e.itemId)) items.push(e.itemId);
      this.history.set(e.userId, items);
    }
  }

  async historyOf(userId: string): Promise<readonly string[]> {
    return this.history.get(userId) ?? [];
  }

  async interestsOf(userId: string): Promise<readonly string[]> {
    return this.interests.get(userId) ?? [];
  }
}
