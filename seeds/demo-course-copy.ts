import type { SeededRandom } from './random';

/**
 * Course-level copy for the demo catalog, in Chinese and English: titles,
 * subtitles, descriptions and section titles. Text is assembled from
 * patterns so 70 courses read differently without 70 hand-written blurbs,
 * and each course's text stays in its own language (search indexes it).
 */
export type DemoLanguage = 'zh' | 'en';

const TITLE_PATTERNS: Record<DemoLanguage, readonly string[]> = {
  en: [
    '{s}: The Complete Guide',
    '{s} from Scratch',
    '{s} in 30 Days',
    '{s}: A Hands-On Course',
    '{s}, Step by Step',
    '{s}: Beyond the Basics',
    'The {s} Workshop',
    'Essential {s}',
  ],
  zh: ['{s}从入门到精通', '零基础学{s}', '{s}实战课', '{s}：30天系统训练', '{s}进阶指南', '人人都能学会的{s}', '{s}核心方法论', '{s}高手之路'],
};

const SUBTITLE_PATTERNS: Record<DemoLanguage, readonly string[]> = {
  en: [
    'Learn {a} and {b} through real projects',
    'A practical path to {a}, with {b} along the way',
    'Short lessons and real exercises: {a} and {b} for everyday work',
    'Everything you need to get confident with {a}',
    '{n} focused lessons on {a} and {b}',
  ],
  zh: ['通过真实项目掌握{a}与{b}', '每天20分钟，系统学会{a}', '从{a}到{b}，一套课程讲透', '{n}节课，带你把{a}用到工作中', '讲透{a}，顺带练熟{b}'],
};

const DESCRIPTION_OPENINGS: Record<DemoLanguage, readonly string[]> = {
  en: [
    'This course takes you from your first steps in {s} to confident, independent work.',
    'Most {s} courses stop at theory. This one is built around exercises you can finish in an evening.',
    'If you have tried to learn {s} before and stalled, this course gives you a clear order to learn things in.',
    'A practical, no-filler introduction to {s}, recorded for people who learn by doing.',
  ],
  zh: [
    '这门课带你从{s}的第一步开始，一直走到能够独立完成项目。',
    '很多{s}课程只讲理论，这门课的每一节都配有当天就能完成的练习。',
    '如果你曾经自学{s}却半途而废，这门课会给你一条清晰的学习路线。',
    '一门不讲废话的{s}实用课程，专为边学边练的你设计。',
  ],
};

const DESCRIPTION_AUDIENCES: Record<DemoLanguage, readonly string[]> = {
  en: [
    'It is for beginners, and for self-taught learners who want to fill the gaps.',
    'It suits working professionals who can spare half an hour a day.',
    'No prior experience is needed; curiosity and a notebook are enough.',
    'It assumes you know the basics and want to use them on real work.',
  ],
  zh: [
    '适合零基础的同学，也适合想查漏补缺的自学者。',
    '适合每天能抽出半小时学习的职场人士。',
    '不需要任何基础，带上好奇心和笔记本就够了。',
    '适合已经了解基础、希望在实际工作中用起来的学员。',
  ],
};

const SECTION_TITLES: Record<DemoLanguage, readonly (readonly string[])[]> = {
  en: [
    ['Getting Started', 'Orientation', 'Foundations'],
    ['Core Concepts', 'The Essentials', 'Building Blocks'],
    ['Hands-On Practice', 'Working Through Examples', 'Project Work'],
    ['Going Further', 'Advanced Techniques', 'Real-World Cases'],
    ['Wrap-Up and Next Steps', 'Final Project', 'Review and Beyond'],
  ],
  zh: [
    ['入门与准备', '课程导览', '基础知识'],
    ['核心概念', '关键方法', '基本功'],
    ['动手实践', '案例拆解', '项目实战'],
    ['进阶技巧', '深入专题', '真实场景'],
    ['总结与展望', '结课项目', '复盘与提升'],
  ],
};

/** Which of the five section stages a course with `count` sections uses: always a start and an end. */
const SECTION_STAGES: Record<number, readonly number[]> = { 2: [0, 4], 3: [0, 1, 4], 4: [0, 1, 2, 4], 5: [0, 1, 2, 3, 4] };

/** Tags are lowercase slugs; sentences want the words people write (names and acronyms capitalized). */
const TAG_LABELS: Record<string, string> = {
  sql: 'SQL',
  seo: 'SEO',
  okr: 'OKRs',
  llm: 'LLMs',
  ai: 'AI',
  hsk: 'HSK',
  mvp: 'MVPs',
  api: 'APIs',
  ielts: 'IELTS',
  fire: 'FIRE',
  'node.js': 'Node.js',
  javascript: 'JavaScript',
  typescript: 'TypeScript',
  graphql: 'GraphQL',
  'ui-design': 'UI design',
  'ux-research': 'UX research',
  leetcode: 'LeetCode',
  pytorch: 'PyTorch',
  numpy: 'NumPy',
  devops: 'DevOps',
  python: 'Python',
  react: 'React',
  go: 'Go',
  rust: 'Rust',
  git: 'Git',
  figma: 'Figma',
  lightroom: 'Lightroom',
  tableau: 'Tableau',
  matplotlib: 'Matplotlib',
  procreate: 'Procreate',
  ableton: 'Ableton Live',
  japanese: 'Japanese',
  spanish: 'Spanish',
  mandarin: 'Mandarin',
  'business-english': 'business English',
};

const CJK = /[\u3400-\u9fff]/;

/** A tag as it reads inside a sentence of `language`, or null when the tag is in the other language. */
export function topicLabel(tag: string, language: DemoLanguage): string | null {
  if (CJK.test(tag)) return language === 'zh' ? tag : null;
  return TAG_LABELS[tag] ?? tag.replace(/-/g, ' ');
}

export function courseTitle(rng: SeededRandom, subjectName: string, language: DemoLanguage): string {
  return fill(rng.pick(TITLE_PATTERNS[language]), { s: subjectName });
}

export function courseSubtitle(rng: SeededRandom, language: DemoLanguage, topics: readonly string[], lessonCount: number): string {
  const [a, b = a] = topics;
  return fill(rng.pick(SUBTITLE_PATTERNS[language]), { a, b, n: String(lessonCount) });
}

export interface CourseDescriptionFacts {
  language: DemoLanguage;
  subjectName: string;
  topics: readonly string[];
  sectionCount: number;
  lessonCount: number;
  totalSeconds: number;
  creatorName: string;
}

export function courseDescription(rng: SeededRandom, facts: CourseDescriptionFacts): string {
  const { language, subjectName: s, topics, sectionCount, lessonCount, creatorName } = facts;
  const hours = Math.max(1, Math.round(facts.totalSeconds / 3600));
  const opening = fill(rng.pick(DESCRIPTION_OPENINGS[language]), { s });
  const audience = rng.pick(DESCRIPTION_AUDIENCES[language]);
  if (language === 'zh') {
    return [
      opening,
      `你将学到：${topics.join('、')}。`,
      `${audience}课程共${sectionCount}章、${lessonCount}节课，约${hours}小时内容，每章配有小测验帮助你检验学习效果。`,
      `主讲人：${creatorName}。`,
    ].join('\n\n');
  }
  return [
    opening,
    `What you will learn: ${topics.join(', ')}.`,
    `${audience} The course has ${sectionCount} sections and ${lessonCount} lessons, about ${hours} ${hours === 1 ? 'hour' : 'hours'} of material, with short quizzes to check your progress.`,
    `Taught by ${creatorName}.`,
  ].join('\n\n');
}

/** Section titles for a course with `count` (2–5) sections, in order. */
export function sectionTitles(rng: SeededRandom, language: DemoLanguage, count: number): string[] {
  const stages = SECTION_STAGES[count];
  if (!stages) throw new Error(`a demo course has 2 to 5 sections, not ${count}`);
  return stages.map((stage, i) => {
    const name = rng.pick(SECTION_TITLES[language][stage]);
    return language === 'zh' ? `第${i + 1}章 ${name}` : `${i + 1}. ${name}`;
  });
}

/** Replaces `{key}` placeholders; a missing key is a bug in the patterns, so it throws. */
export function fill(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`pattern "${pattern}" needs {${key}}`);
    return value;
  });
}
