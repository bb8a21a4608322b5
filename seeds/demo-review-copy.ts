import { type DemoLanguage, fill } from './demo-course-copy';
import type { SeededRandom } from './random';

/**
 * Review texts by star band and language. A review is written in its
 * course's language; the band keeps words and stars agreeing, which matters
 * to anything (moderation, sentiment) that later reads both.
 */
type Band = 'low' | 'mid' | 'high';

const BODIES: Record<DemoLanguage, Record<Band, readonly string[]>> = {
  en: {
    low: [
      'Too basic for me, and the audio in several lessons is hard to follow.',
      'The description promised projects, but most lessons are slides being read aloud.',
      'I gave up halfway. The pace jumps around and the exercises do not match the videos.',
      'Not worth the price. You can find the same material for free.',
    ],
    mid: [
      'Solid introduction to {s}, though the later sections feel rushed.',
      'Good content, but I wish there were more exercises between the videos.',
      'Useful overall. Some lessons are great, others could be half as long.',
      'Decent course. The quizzes helped more than the lectures did.',
    ],
    high: [
      'Exactly what I needed. I used the ideas from the second section at work the same week.',
      'Clear, well paced and practical. The best {s} course I have taken.',
      'The instructor explains the why, not just the how. Highly recommended.',
      'Short lessons that fit into a lunch break, and every one of them is useful.',
      'I finally understand {s}. The hands-on project tied everything together.',
      'Great structure and great examples. Worth every cent.',
    ],
  },
  zh: {
    low: [
      '内容太基础了，而且好几节课的音质很差。',
      '介绍里说有项目实战，实际上大部分是照着PPT念。',
      '学到一半放弃了，节奏很乱，练习和视频对不上。',
      '性价比不高，网上免费资料就能学到同样的内容。',
    ],
    mid: [
      '作为{s}入门还不错，不过后面几章讲得有点赶。',
      '内容挺好，希望视频之间能多一些练习。',
      '整体有用，有的课很精彩，有的可以再精简一半。',
      '中规中矩，小测验比讲解更有帮助。',
    ],
    high: [
      '正是我需要的！第二章的方法当周就用到工作里了。',
      '讲得清楚、节奏合适、非常实用，是我上过最好的{s}课程。',
      '老师不只讲怎么做，还讲为什么，强烈推荐。',
      '每节课都很短，午休时间就能学完一节，而且每节都有收获。',
      '终于搞懂了{s}，最后的实战项目把所有知识串起来了。',
      '结构清晰，案例丰富，物超所值。',
    ],
  },
};

/** Review text for `stars` in `language`, or null for the star-only reviews many people leave. */
export function reviewBody(rng: SeededRandom, language: DemoLanguage, stars: number, subjectName: string): string | null {
  if (rng.chance(0.15)) return null;
  const band: Band = stars <= 2 ? 'low' : stars === 3 ? 'mid' : 'high';
  return fill(rng.pick(BODIES[language][band]), { s: subjectName });
}
