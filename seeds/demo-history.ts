import { UserFailure } from '../src/common/errors';
import { ledgerProblems } from '../src/commerce/ledger';
import type { AppServices } from '../src/kernel/context';
import { Role } from '../src/kernel/roles';
import { DEMO_CREATOR, DEMO_MODERATOR } from './demo-accounts';
import { DAY_MS, HOUR_MS, addMs, timeBetween } from './demo-clock';
import { chatScenes, heldReviewScenes, reportScenes, spamScenes, type CaseIds } from './demo-community-scenes';
import { membershipScenes } from './demo-membership-scenes';
import { partnerScenes, type DemoPartnerState } from './demo-partner-scenes';
import { type ProgressReporter, silentProgress } from '../src/ml/progress';
import { replayAt, type Scene } from './demo-replay';
import type { DemoData } from './demo-rows';
import { archiveScene, checkoutScene, couponScene, type DemoCast, type PlacedOrders, priceTestScenes, refundScenes, tipScene } from './demo-shop-scenes';
import type { DemoStaging } from './demo-staging';
import { demoUserId } from './demo-users';
import type { SeededRandom } from './random';

export interface DemoHistoryResult {
  /** Scenes played, by kind. */
  played: Record<string, number>;
  /** Scenes a service refused (a typed error), by kind; none of them touch money. */
  refused: Record<string, number>;
  /** The demo partner's API key, shown once at seeding as a real partner would see it. */
  partnerKey: string | null;
}

/** Kinds whose refusal means the demo's books would be wrong: seeding stops. */
const MUST_SUCCEED = new Set(['checkout', 'archive', 'price change', 'coupon', 'partner', 'subscribe', 'renewal']);
/** Scenes nothing else in the story waits on by the time it plays, so a few run side by side. */
const INDEPENDENT = new Set(['checkout', 'quote', 'tip', 'chat', 'held review', 'report', 'partner sale']);
const SIDE_BY_SIDE = 6;

/**
 * Ninety-odd days of a living shop, replayed through the services (the
 * scenes in demo-*-scenes.ts) in the order they happened, with the services'
 * clock at each scene's moment. Settlement runs as it does for a request:
 * the test provider's outcome is applied right after each payment's commit
 * (its durable job, queued too, finds it applied and does nothing). At the
 * end the books are checked: every journal balances and matches its order,
 * tip or refund, and every PURCHASE enrollment has a paid order behind it;
 * anything else throws.
 */
export async function replayDemoHistory(
  services: AppServices,
  rng: SeededRandom,
  data: DemoData,
  staging: DemoStaging,
  options: { now: Date; progress?: ProgressReporter },
): Promise<DemoHistoryResult> {
  const [admin] = (await services.db.query(`SELECT id FROM users WHERE 'ADMIN' = ANY(roles) AND banned_at IS NULL ORDER BY created_at LIMIT 1`)) as Array<{
    id: string;
  }>;
  const creatorUserId = demoUserId(DEMO_CREATOR.handle);
  const demoCreator = data.creators.find((c) => c.userId === creatorUserId);
  if (!demoCreator) throw new Error(`the demo creator ${DEMO_CREATOR.handle} is not among the generated creators`);
  const cast: DemoCast = {
    roles: new Map([
      ...data.users.map((u) => [u.id, u.roles as Role[]] as const),
      ...(admin ? [[admin.id, [Role.LEARNER, Role.ADMIN] as Role[]] as const] : []),
    ]),
    adminId: admin?.id ?? null,
    moderatorId: demoUserId(DEMO_MODERATOR.handle),
    demoCreator: { userId: creatorUserId, creatorId: demoCreator.id },
    creatorUserIds: new Map(data.creators.map((c) => [c.id, c.userId])),
    courses: data.courses,
    now: options.now,
  };
  const placed: PlacedOrders = { byCart: new Map() };
  const partner: DemoPartnerState = { partnerId: null, apiKey: null, secret: null, organizationId: null };
  const scenes = storyOf(rng, cast, data, staging, placed, partner);

  const played: Record<string, number> = {};
  const refused: Record<string, number> = {};
  const failures: string[] = [];
  const report = options.progress ?? silentProgress;
  const play = async (scene: Scene) => {
    try {
      await scene.play(replayAt(services, scene.at));
      played[scene.kind] = (played[scene.kind] ?? 0) + 1;
    } catch (error) {
      if (!(error instanceof UserFailure) || MUST_SUCCEED.has(scene.kind)) {
        failures.push(`${scene.kind} at ${scene.at.toISOString()} failed: ${error instanceof Error ? error.message : String(error)}`);
      } else {
        refused[scene.kind] = (refused[scene.kind] ?? 0) + 1;
      }
    }
  };
  // Checkouts, quotes, tips, … do not depend on each other (each buyer's carts hold other courses), so a few run
  // side by side; any other scene (a price change, a refund, a decision) waits for them and runs alone, so what it
  // depends on has happened.
  let running: Array<Promise<void>> = [];
  for (const [i, scene] of scenes.entries()) {
    if (!INDEPENDENT.has(scene.kind) || running.length >= SIDE_BY_SIDE) {
      await Promise.all(running);
      running = [];
    }
    if (failures.length) break;
    if (INDEPENDENT.has(scene.kind)) running.push(play(scene));
    else await play(scene);
    if ((i + 1) % 25 === 0 || i + 1 === scenes.length) report('demo history', (i + 1) / scenes.length);
  }
  await Promise.all(running);
  if (failures.length) throw new Error(`demo history: ${failures.join('; ')}`);
  await assertBooksBalance(services, staging);
  return { played, refused, partnerKey: partner.secret };
}

function storyOf(rng: SeededRandom, cast: DemoCast, data: DemoData, staging: DemoStaging, placed: PlacedOrders, partner: DemoPartnerState): Scene[] {
  const coursesById = new Map(data.courses.map((c) => [c.id, c]));
  const couponFrom = staging.historyFrom;
  const scenes: Scene[] = [couponScene(cast, couponFrom)];
  const withCoupon = rng.fork('coupons');
  for (const cart of staging.carts) {
    const single = cart.courseIds.length === 1 ? coursesById.get(cart.courseIds[0])! : null;
    const coupon =
      single !== null &&
      single.creatorId === cast.demoCreator.creatorId &&
      cart.at > couponFrom &&
      !staging.introPrices.has(single.id) &&
      withCoupon.chance(0.35);
    scenes.push(checkoutScene(cast, cart, placed, coupon));
  }
  for (const [courseId, at] of staging.archiveAt) scenes.push(archiveScene(cast, coursesById.get(courseId)!, at));

  const learnerIds = data.users.filter((u) => u.roles.length === 1 && u.roles[0] === 'LEARNER').map((u) => u.id);
  const tested = [...staging.introPrices.keys()].map((id) => coursesById.get(id)!);
  scenes.push(...priceTestScenes(rng.fork('price test'), cast, tested, learnerIds, staging.historyFrom, staging.priceSwitchAt));

  // Tips and refunds follow purchases of the last ninety days.
  const tipBefore = cast.now.getTime() - 3 * DAY_MS - HOUR_MS;
  const recent = staging.carts.filter((c) => c.at > staging.historyFrom && c.at.getTime() < tipBefore);
  const tips = rng.fork('tips');
  for (const [i, cart] of tips.sample(recent, 36).entries()) {
    const row = coursesById.get(tips.pick(cart.courseIds))!;
    const amount = row.priceCurrency === 'USD' ? tips.pick([300, 500, 1000]) : tips.pick([600, 1000, 2000, 5000]);
    const message = tips.chance(0.4) ? tips.pick(['谢谢老师！', 'Thank you, this helped a lot.', '讲得太好了', 'Great course, more please!']) : null;
    scenes.push(tipScene(cast, cart.buyerId, row, timeBetween(tips, addMs(cart.at, DAY_MS), addMs(cart.at, 3 * DAY_MS)), amount, message, `demo-tip-${i + 1}`));
  }
  const unstarted = new Set(data.enrollments.filter((e) => e.completedLessonCount === 0).map((e) => `${e.userId}/${e.courseId}`));
  const refundable = recent.filter(
    (c) =>
      c.courseIds.length === 1 &&
      unstarted.has(`${c.buyerId}/${c.courseIds[0]}`) &&
      !staging.archiveAt.has(c.courseIds[0]) &&
      c.at.getTime() < cast.now.getTime() - 4 * DAY_MS,
  );
  const refunds = rng.fork('refunds');
  for (const [i, cart] of refunds.sample(refundable, 6).entries()) {
    scenes.push(
      ...refundScenes(
        cast,
        placed,
        cart,
        i < 4,
        refunds.pick(['Bought the wrong course by mistake.', '内容和介绍不符', 'The audio is too quiet to follow.']),
        i < 4 ? 'Within the refund window and not started: refunded.' : 'The course matches its description; no refund.',
      ),
    );
  }

  scenes.push(...membershipScenes(rng.fork('memberships'), cast, data.membershipPlans, learnerIds, staging.historyFrom));

  const onSale = data.courses.filter((c) => c.status === 'PUBLISHED' && c.priceAmount !== null && !staging.introPrices.has(c.id));
  scenes.push(...partnerScenes(rng.fork('partner'), cast, partner, onSale, addMs(staging.historyFrom, 10 * DAY_MS)));

  const moderation = rng.fork('moderation');
  const cases: CaseIds = new Map();
  scenes.push(
    ...heldReviewScenes(
      moderation,
      cast,
      data.reviews.filter((r) => r.visibility === 'PENDING_REVIEW'),
      cases,
    ),
  );
  const recentVisible = data.reviews.filter((r) => r.visibility === 'VISIBLE' && r.createdAt > staging.historyFrom && r.userId !== cast.moderatorId);
  scenes.push(...reportScenes(moderation, cast, recentVisible, learnerIds));

  const chat = rng.fork('chat');
  const popular = data.courses
    .filter((c) => c.status === 'PUBLISHED' && !staging.archiveAt.has(c.id))
    .sort((a, b) => b.enrollmentCount - a.enrollmentCount || a.slug.localeCompare(b.slug))
    .slice(0, 4);
  const rooms = popular.map((c) => ({ courseId: c.id, memberIds: data.enrollments.filter((e) => e.courseId === c.id).map((e) => e.userId) }));
  scenes.push(...chatScenes(chat, cast, rooms), ...spamScenes(chat.fork('spam'), cast, rooms));

  // Stable: scenes at the same moment play in the order they were written (a course is priced before it is quoted).
  return scenes
    .map((scene, i) => ({ scene, i }))
    .sort((a, b) => a.scene.at.getTime() - b.scene.at.getTime() || a.i - b.i)
    .map(({ scene }) => scene);
}

async function assertBooksBalance(services: AppServices, staging: DemoStaging): Promise<void> {
  const problems = await ledgerProblems(services.db);
  const unbacked: Array<{ id: string }> = await services.db.query(`
    SELECT e.id FROM enrollments e
     WHERE e.source = 'PURCHASE' AND NOT EXISTS (
       SELECT 1 FROM orders o JOIN order_lines ol ON ol.order_id = o.id
        WHERE o.buyer_id = e.user_id AND ol.course_id = e.course_id AND o.status IN ('PAID', 'PARTIALLY_REFUNDED'))`);
  for (const e of unbacked.slice(0, 5)) problems.push(`enrollment ${e.id} claims a purchase without a paid order`);
  const stillStaged: Array<{ id: string }> = await services.db.query(`SELECT id FROM enrollments WHERE id = ANY($1::uuid[]) AND source = 'MEMBERSHIP'`, [
    [...staging.stagedEnrollmentIds],
  ]);
  for (const e of stillStaged.slice(0, 5)) problems.push(`enrollment ${e.id} was never bought in the replay`);
  if (problems.length) throw new Error(`the demo's books do not balance:\n  ${problems.slice(0, 20).join('\n  ')}`);
}
