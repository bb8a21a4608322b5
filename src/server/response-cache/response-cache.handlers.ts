import type { DomainContext } from '../../kernel/context';
import { onEvent } from '../../kernel/transaction';
import { ALL, CachedImpression, courseTag, LISTS } from './cached-response';
import type { ResponseCache } from './response-cache';

/**
 * What drops cached public pages: after a change commits (and before the
 * writer's answer leaves, so the writer's next read is fresh), the pages
 * showing the course, and every list, since a course's title, status, price,
 * rating or enrollment count can move it in or out of a page or reorder one.
 * Changes that show on many pages at once (a category renamed, a user banned
 * or unbanned, a moderator's decision) empty the cache.
 */
const byCourse = async (ctx: DomainContext, courseId: string) => ctx.responseCache?.invalidate([courseTag(courseId), LISTS]);
const everything = async (ctx: DomainContext) => ctx.responseCache?.invalidate([ALL]);

onEvent('CourseEdited', 'after-commit', 'response cache: drop the edited course', (event, { ctx }) => byCourse(ctx, event.courseId));
onEvent('CourseChanged', 'after-commit', 'response cache: drop the changed course', (event, { ctx }) => byCourse(ctx, event.courseId));
onEvent('EnrollmentGranted', 'after-commit', 'response cache: enrollment count', (event, { ctx }) => byCourse(ctx, event.courseId));
onEvent('EnrollmentRevoked', 'after-commit', 'response cache: enrollment count', (event, { ctx }) => byCourse(ctx, event.courseId));
onEvent('CategoryChanged', 'after-commit', 'response cache: categories show everywhere', (_event, { ctx }) => everything(ctx));
onEvent('ContentDecided', 'after-commit', 'response cache: a moderator hid or restored something', (_event, { ctx }) => everything(ctx));
onEvent('UserBanned', 'after-commit', "response cache: a banned author's courses leave the catalog", (_event, { ctx }) => everything(ctx));
onEvent('UserUnbanned', 'after-commit', "response cache: an unbanned author's courses return", (_event, { ctx }) => everything(ctx));

/** Course pages announce the prices they show; a cached page replays them for each visitor (see app.ts). */
const shownPrices = new WeakMap<DomainContext, CachedImpression[]>();

export function collectShownPrices(ctx: DomainContext): CachedImpression[] {
  const list: CachedImpression[] = [];
  shownPrices.set(ctx, list);
  return list;
}

onEvent('PriceShown', 'after-commit', 'response cache: remember the prices a page showed', (event, { ctx }) => {
  const { type: _type, visitor: _visitor, userId: _userId, ...impression } = event;
  shownPrices.get(ctx)?.push(impression);
});

declare module '../../kernel/context' {
  interface AppServices {
    /** Answers to anonymous public reads (src/server/response-cache); null when RESPONSE_CACHE=false. */
    responseCache?: ResponseCache | null;
  }
}
