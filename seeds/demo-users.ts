import type { StoredPalette } from '../src/identity/profile.entity';
import { suggestPalettes } from '../src/palette/palette.service';
import { DEMO_CREATOR, DEMO_LEARNER, DEMO_MODERATOR } from './demo-accounts';
import { DEMO_CATEGORIES, demoCategory } from './demo-catalog';
import { addMs, DAY_MS, daysBeforeReference } from './demo-clock';
import { demoId } from './demo-ids';
import { MEDIA_HOST } from './demo-lesson-copy';
import {
  CHINESE_GIVEN_NAMES,
  CHINESE_SURNAMES,
  DEMO_CREATORS,
  type DemoCreatorProfile,
  handleCandidates,
  LEARNER_BIOS,
  WESTERN_FIRST_NAMES,
  WESTERN_LAST_NAMES,
} from './demo-people';
import type { CreatorRow, ProfileRow, UserRow } from './demo-rows';
import type { SeededRandom } from './random';

/**
 * The people of the demo: creators (from their hand-written profiles), the
 * moderator, and generated learners. Besides the rows it returns what the
 * activity generator needs to know about each learner — which categories
 * they care about and which language they read — so interests and
 * enrollments agree.
 */
export const LEARNER_COUNT = 300;

export type LanguagePreference = 'zh' | 'en' | 'both';

export interface DemoLearner {
  userId: string;
  handle: string;
  language: LanguagePreference;
  favoriteCategories: string[];
  createdAt: Date;
}

export interface DemoCreator {
  row: CreatorRow;
  profile: DemoCreatorProfile;
}

export interface DemoPeople {
  users: UserRow[];
  profiles: ProfileRow[];
  creators: DemoCreator[];
  learners: DemoLearner[];
}

const DEMO_EMAIL_DOMAIN = 'demo.knowpay.local';

export function buildDemoPeople(rng: SeededRandom): DemoPeople {
  const people: DemoPeople = { users: [], profiles: [], creators: [], learners: [] };
  const takenHandles = new Set([...DEMO_CREATORS.map((c) => c.handle), DEMO_MODERATOR.handle, DEMO_LEARNER.handle]);
  if (!DEMO_CREATORS.some((c) => c.handle === DEMO_CREATOR.handle)) {
    throw new Error(`demo creator account ${DEMO_CREATOR.email} names handle ${DEMO_CREATOR.handle}, which no demo creator has`);
  }

  for (const profile of DEMO_CREATORS) {
    const createdAt = daysBeforeReference(rng.float(420, 720));
    const isAccount = profile.handle === DEMO_CREATOR.handle;
    const userId = addPerson(people, {
      handle: profile.handle,
      email: isAccount ? DEMO_CREATOR.email : `${profile.handle}@${DEMO_EMAIL_DOMAIN}`,
      roles: ['LEARNER', 'CREATOR'],
      displayName: profile.displayName,
      bio: profile.bio,
      avatarUrl: `${MEDIA_HOST}/avatars/${profile.handle}.jpg`,
      interests: rng.sample(
        profile.categories.flatMap((slug) => demoCategory(slug).topics),
        rng.int(3, 5),
      ),
      palette: profile.brandColor ? brandPalette(rng, profile.brandColor) : null,
      createdAt,
    });
    const row: CreatorRow = { id: demoId('creator', profile.handle), userId, followerCount: 0, createdAt: addMs(createdAt, rng.float(0, 3) * DAY_MS) };
    people.creators.push({ row, profile });
  }

  addPerson(people, {
    handle: DEMO_MODERATOR.handle,
    email: DEMO_MODERATOR.email,
    roles: DEMO_MODERATOR.roles,
    displayName: DEMO_MODERATOR.displayName,
    bio: '社区版主，负责课程评价与讨论区的审核。Community moderator.',
    avatarUrl: `${MEDIA_HOST}/avatars/${DEMO_MODERATOR.handle}.jpg`,
    interests: ['用户体验', 'leadership', '沟通'],
    palette: null,
    createdAt: daysBeforeReference(500),
  });

  const demoLearnerSince = daysBeforeReference(200);
  const demoLearner: DemoLearner = {
    userId: addPerson(people, {
      handle: DEMO_LEARNER.handle,
      email: DEMO_LEARNER.email,
      roles: DEMO_LEARNER.roles,
      displayName: DEMO_LEARNER.displayName,
      bio: 'Backend developer in Shanghai, learning data science in the evenings. 白天写后端，晚上学数据科学。',
      avatarUrl: `${MEDIA_HOST}/avatars/${DEMO_LEARNER.handle}.jpg`,
      interests: ['python', '数据分析', '机器学习'],
      palette: null,
      createdAt: demoLearnerSince,
    }),
    handle: DEMO_LEARNER.handle,
    language: 'both',
    favoriteCategories: ['data-science', 'programming'],
    createdAt: demoLearnerSince,
  };
  people.learners.push(demoLearner);

  for (let i = 1; i < LEARNER_COUNT; i++) people.learners.push(generateLearner(rng, people, takenHandles, i));
  return people;
}

function generateLearner(rng: SeededRandom, people: DemoPeople, takenHandles: Set<string>, index: number): DemoLearner {
  const chinese = rng.chance(0.55);
  let displayName: string;
  let candidates: string[];
  let language: LanguagePreference;
  if (chinese) {
    const [surname, surnamePinyin] = rng.pick(CHINESE_SURNAMES);
    const [given, givenPinyin] = rng.pick(CHINESE_GIVEN_NAMES);
    displayName = `${surname}${given}`;
    candidates = handleCandidates(givenPinyin, surnamePinyin, index);
    language = rng.chance(0.7) ? 'zh' : 'both';
  } else {
    const first = rng.pick(WESTERN_FIRST_NAMES);
    const last = rng.pick(WESTERN_LAST_NAMES);
    displayName = `${first} ${last}`;
    candidates = handleCandidates(first, last, index);
    language = rng.chance(0.8) ? 'en' : 'both';
  }
  const handle = candidates.find((h) => !takenHandles.has(h)) ?? `${candidates[0]}${index}`;
  takenHandles.add(handle);

  const appeal = DEMO_CATEGORIES.map((c) => c.appeal);
  const first = rng.weightedIndex(appeal);
  const favorites = [DEMO_CATEGORIES[first].slug];
  if (rng.chance(0.65)) {
    const second = rng.weightedIndex(appeal.map((w, i) => (i === first ? 0 : w)));
    favorites.push(DEMO_CATEGORIES[second].slug);
  }
  // Interests come from the favorite categories' topics: what a learner says
  // they like and what they enroll in agree, as the recommender expects.
  const interests = rng.sample(
    favorites.flatMap((slug) => demoCategory(slug).topics),
    rng.int(2, 4),
  );
  const createdAt = daysBeforeReference(rng.float(3, 420));
  const bioLanguage = language === 'both' ? (chinese ? 'zh' : 'en') : language;
  const userId = addPerson(people, {
    handle,
    email: `${handle}@${DEMO_EMAIL_DOMAIN}`,
    roles: ['LEARNER'],
    displayName,
    bio: rng.chance(0.45) ? rng.pick(LEARNER_BIOS[bioLanguage]) : null,
    avatarUrl: rng.chance(0.4) ? `${MEDIA_HOST}/avatars/${handle}.jpg` : null,
    interests,
    palette: null,
    createdAt,
  });
  return { userId, handle, language, favoriteCategories: favorites, createdAt };
}

interface PersonFacts {
  handle: string;
  email: string;
  roles: UserRow['roles'];
  displayName: string;
  bio: string | null;
  avatarUrl: string | null;
  interests: string[];
  palette: StoredPalette | null;
  createdAt: Date;
}

/** Users are keyed by their demo handle, so the seed can find its accounts without generating anything. */
export function demoUserId(handle: string): string {
  return demoId('user', handle);
}

function addPerson(people: DemoPeople, facts: PersonFacts): string {
  const id = demoUserId(facts.handle);
  people.users.push({ id, email: facts.email, roles: [...facts.roles], createdAt: facts.createdAt });
  people.profiles.push({
    userId: id,
    handle: facts.handle,
    displayName: facts.displayName,
    bio: facts.bio,
    avatarUrl: facts.avatarUrl,
    interests: facts.interests,
    palette: facts.palette,
    updatedAt: facts.createdAt,
  });
  return id;
}

/** One of the palettes the product itself would suggest for the brand color, so demo palettes pass its checks. */
function brandPalette(rng: SeededRandom, brandColor: string): StoredPalette {
  const { primary, secondary, accent, background, text, contrastRatio, wcagLevel } = rng.pick(suggestPalettes(brandColor, 6));
  return { primary, secondary, accent, background, text, contrastRatio, wcagLevel };
}
