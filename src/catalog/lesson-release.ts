import type { SectionEntity } from './section.entity';

const DAY_MS = 86_400_000;

/**
 * Scheduled (drip) release: a section opens at a fixed moment, or a number of
 * days after the learner's enrollment. `opensAt` is when it opens for this
 * viewer: null when it has no schedule, or when it counts from an enrollment
 * the viewer does not have yet (then it stays closed).
 */
export interface LessonRelease {
  released: boolean;
  opensAt: Date | null;
}

export function releaseOf(section: Pick<SectionEntity, 'releaseAt' | 'releaseAfterDays'>, enrolledAt: Date | null, now = Date.now()): LessonRelease {
  if (section.releaseAt) return { released: section.releaseAt.getTime() <= now, opensAt: section.releaseAt };
  if (section.releaseAfterDays) {
    if (!enrolledAt) return { released: false, opensAt: null };
    const opensAt = new Date(enrolledAt.getTime() + section.releaseAfterDays * DAY_MS);
    return { released: opensAt.getTime() <= now, opensAt };
  }
  return { released: true, opensAt: null };
}
