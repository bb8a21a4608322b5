import { type DemoLanguage, fill } from './demo-course-copy';
import type { SeededRandom } from './random';

/**
 * Lessons of the demo catalog: which kinds a course mixes, how long each kind
 * plausibly runs, and the titles, reading bodies and media addresses they
 * carry. Media lives under the fictional media.knowpay.example host, so a
 * client can render players without any file existing.
 */
export type DemoLessonKind = 'VIDEO' | 'AUDIO' | 'ARTICLE' | 'QUIZ' | 'LIVE';

export const MEDIA_HOST = 'https://media.knowpay.example';

/** Seconds: mean, spread and hard bounds per kind (an article's is its reading time). */
const DURATIONS: Record<DemoLessonKind, { mean: number; sd: number; min: number; max: number }> = {
  VIDEO: { mean: 660, sd: 300, min: 180, max: 1800 },
  AUDIO: { mean: 900, sd: 360, min: 240, max: 2400 },
  ARTICLE: { mean: 420, sd: 150, min: 120, max: 900 },
  QUIZ: { mean: 300, sd: 120, min: 120, max: 900 },
  LIVE: { mean: 3600, sd: 900, min: 2400, max: 5400 },
};

const TITLES: Record<DemoLanguage, Record<DemoLessonKind, readonly string[]>> = {
  en: {
    VIDEO: [
      'Why {t} matters',
      '{t} fundamentals',
      'A first look at {t}',
      'Setting up for {t}',
      'Common mistakes with {t}',
      '{t} in a real project',
      'A walkthrough of {t}',
      'Practical tips for {t}',
      'Putting {t} together',
      'Thinking clearly about {t}',
    ],
    ARTICLE: ['Reading: {t} explained', 'Cheat sheet: {t}', 'Notes on {t}', 'Further reading on {t}'],
    AUDIO: ['Listen: a conversation about {t}', 'Audio guide to {t}', 'Practice along: {t}'],
    QUIZ: ['Quiz: {t} basics', 'Check your understanding of {t}', 'Exercise: {t}'],
    LIVE: ['Live Q&A: {t}', 'Live workshop: {t}'],
  },
  zh: {
    VIDEO: ['为什么要学{t}', '{t}基础概念', '初识{t}', '{t}准备工作', '{t}常见误区', '{t}项目实战', '{t}案例拆解', '{t}实用技巧', '{t}综合演练', '深入理解{t}'],
    ARTICLE: ['阅读：{t}详解', '{t}速查表', '{t}学习笔记', '{t}延伸阅读'],
    AUDIO: ['音频：聊聊{t}', '{t}音频讲解', '跟练：{t}'],
    QUIZ: ['测验：{t}基础', '小测：检验你的{t}水平', '课后练习：{t}'],
    LIVE: ['直播答疑：{t}', '直播工作坊：{t}'],
  },
};

const ARTICLE_PARAGRAPHS: Record<DemoLanguage, readonly string[]> = {
  en: [
    '{t} is easier to learn when you see it used. This reading walks through a small, complete example and points out the decisions that matter.',
    'Start by writing down what you already know about {t}. Most learners find the gaps are narrower than they feared, and naming them makes the next lessons faster.',
    'A common mistake is to memorize rules without practice. Try each idea from this lesson on your own material within a day; the habit matters more than the hours.',
    'Key points to keep:\n- keep examples small enough to finish\n- compare your result with the reference\n- write down one question for the live session',
    'When you are done, take the short quiz at the end of this section. It is not graded; it tells you which lesson to revisit.',
    'Experienced practitioners of {t} rarely know more tricks than you do. What they have is a routine: they check their work the same way every time.',
  ],
  zh: [
    '学习{t}最快的方式是看它怎样被使用。本节通过一个完整的小例子，讲清楚其中真正重要的几个决定。',
    '开始之前，先写下你对{t}已经了解的内容。大多数同学会发现，自己的知识缺口比想象中小，把它们写出来能让后面的学习更快。',
    '常见的误区是只背规则不练习。请在一天之内把本节的方法用在你自己的材料上——养成习惯比投入时长更重要。',
    '本节要点：\n- 例子要小，保证能做完\n- 把你的结果和参考答案对比\n- 记下一个问题，带到直播答疑',
    '读完后请完成本章末尾的小测验。它不计分，只是帮你找到需要回看的那一节。',
    '真正擅长{t}的人，掌握的技巧未必比你多，他们只是每次都用同样的方法检查自己的工作。',
  ],
};

const QUIZ_QUESTIONS: Record<DemoLanguage, readonly string[]> = {
  en: [
    'What problem does {t} solve in your own work?',
    'Name two common mistakes with {t} and how to avoid them.',
    'Explain {t} to a friend in three sentences.',
    'Which lesson of this section would you revisit first, and why?',
  ],
  zh: ['{t}能在你的工作中解决什么问题？', '列举两个{t}的常见错误，并说明如何避免。', '用三句话向朋友解释{t}。', '本章哪一节你最想回看？为什么？'],
};

/** The kind of one lesson; courses in audio-heavy categories lean on AUDIO instead of VIDEO. */
export function lessonKind(rng: SeededRandom, audioShare: number): DemoLessonKind {
  const kinds: DemoLessonKind[] = ['VIDEO', 'AUDIO', 'ARTICLE', 'QUIZ', 'LIVE'];
  return rng.weightedPick(kinds, [0.62 - audioShare, 0.05 + audioShare, 0.18, 0.1, 0.05]);
}

export function lessonDurationSeconds(rng: SeededRandom, kind: DemoLessonKind): number {
  const d = DURATIONS[kind];
  // Recorded media is cut to whole seconds; reading and quiz estimates are rounded to the minute.
  const seconds = rng.boundedNormal(d.mean, d.sd, d.min, d.max);
  return kind === 'ARTICLE' || kind === 'QUIZ' ? Math.round(seconds / 60) * 60 : Math.round(seconds);
}

export function lessonTitle(rng: SeededRandom, language: DemoLanguage, kind: DemoLessonKind, topic: string): string {
  return fill(rng.pick(TITLES[language][kind]), { t: topic });
}

/** Reading text for ARTICLE lessons, questions for QUIZ lessons; media kinds carry no body. */
export function lessonBody(rng: SeededRandom, language: DemoLanguage, kind: DemoLessonKind, title: string, topic: string): string | null {
  if (kind === 'ARTICLE') {
    const paragraphs = rng.sample(ARTICLE_PARAGRAPHS[language], rng.int(3, 4)).map((p) => fill(p, { t: topic }));
    return [`## ${title}`, ...paragraphs].join('\n\n');
  }
  if (kind === 'QUIZ') {
    const intro =
      language === 'zh'
        ? '请回答下面的问题，然后在下一节对照参考答案。'
        : 'Answer the questions below, then compare with the model answers in the next lesson.';
    const questions = rng.sample(QUIZ_QUESTIONS[language], 3).map((q, i) => `${i + 1}. ${fill(q, { t: topic })}`);
    return [intro, ...questions].join('\n');
  }
  return null;
}

/** Where a VIDEO, AUDIO or LIVE (recording) lesson streams from; reading and quiz lessons have none. */
export function lessonMediaUrl(kind: DemoLessonKind, courseSlug: string, sectionPosition: number, lessonPosition: number): string | null {
  const file = `s${sectionPosition}-l${lessonPosition}`;
  switch (kind) {
    case 'VIDEO':
      return `${MEDIA_HOST}/video/${courseSlug}/${file}.m3u8`;
    case 'AUDIO':
      return `${MEDIA_HOST}/audio/${courseSlug}/${file}.m4a`;
    case 'LIVE':
      return `${MEDIA_HOST}/live/${courseSlug}/${file}-recording.m3u8`;
    default:
      return null;
  }
}
