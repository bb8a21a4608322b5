import { invalidInput } from '../common/errors';
import { boundedText, httpUrl } from '../identity/identity.validation';
import { LESSON_BODY_MAX } from './course-input';
import { LessonKind } from './lesson.entity';

/** Input rules for lesson fields, shared by addLesson and updateLesson; each failure names its field. */
export const MAX_LESSON_SECONDS = 24 * 3600;
export const LESSON_TITLE_MAX = 120;

export const lessonTitle = (value: string, field: string[]) => boundedText(value, field, { min: 1, max: LESSON_TITLE_MAX });

export function lessonKind(value: LessonKind, field: string[]): LessonKind {
  if (!Object.values(LessonKind).includes(value)) throw invalidInput('Unknown lesson kind.', field);
  return value;
}

export function lessonDuration(value: number, field: string[]): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_LESSON_SECONDS) throw invalidInput(`Duration must be 0 to ${MAX_LESSON_SECONDS} seconds.`, field);
  return value;
}

/** Empty clears. */
export const lessonBody = (value: string | null | undefined, field: string[]): string | null =>
  value == null ? null : boundedText(value, field, { max: LESSON_BODY_MAX }) || null;

/** Lesson media and course covers: an http(s) URL, or nothing (empty clears). */
export const optionalUrl = (value: string | null | undefined, field: string[]): string | null =>
  value == null || value.trim() === '' ? null : httpUrl(value, field);

/** The whole lesson as it would be stored must make sense: video and audio need something to play. */
export function assertPlayable(kind: LessonKind, mediaUrl: string | null, body: string | null, field: string[]): void {
  if ((kind === LessonKind.VIDEO || kind === LessonKind.AUDIO) && !mediaUrl && !body) throw invalidInput('Video and audio lessons need a mediaUrl.', field);
}
