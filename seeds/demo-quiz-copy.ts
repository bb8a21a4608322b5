import type { DemoLanguage } from './demo-course-copy';

/**
 * Graded questions for the demo's QUIZ lessons, in both languages: one
 * single-choice (1 point), one multiple-choice (2 points) and one short
 * answer (1 point, the course's subject), about the habits the demo
 * articles teach. {t} is the lesson's topic.
 */
export interface DemoQuestion {
  kind: 'SINGLE_CHOICE' | 'MULTIPLE_CHOICE' | 'SHORT_TEXT';
  prompt: string;
  points: number;
  choices: Array<{ id: string; text: string; correct?: boolean }>;
  explanation: string;
}

export const QUIZ_COPY: Record<DemoLanguage, { questions: DemoQuestion[]; subjectPrompt: string; subjectExplanation: string; wrongText: string }> = {
  en: {
    questions: [
      {
        kind: 'SINGLE_CHOICE',
        points: 1,
        prompt: 'Which habit does this section recommend while learning {t}?',
        choices: [
          { id: 'a', text: 'Memorize the rules before any practice' },
          { id: 'b', text: 'Try each idea on your own material within a day', correct: true },
          { id: 'c', text: 'Skip the examples to save time' },
        ],
        explanation: 'Practice within a day matters more than the hours you put in.',
      },
      {
        kind: 'MULTIPLE_CHOICE',
        points: 2,
        prompt: 'Which of these help you check your work on {t}?',
        choices: [
          { id: 'a', text: 'Compare your result with the reference', correct: true },
          { id: 'b', text: 'Wait until the end of the course' },
          { id: 'c', text: 'Keep examples small enough to finish', correct: true },
          { id: 'd', text: 'Avoid questions in the live session' },
        ],
        explanation: 'Small, finished examples checked against a reference: the routine experienced people keep.',
      },
    ],
    subjectPrompt: 'In a few words: which subject does this course teach?',
    subjectExplanation: 'The course title names it.',
    wrongText: 'not sure',
  },
  zh: {
    questions: [
      {
        kind: 'SINGLE_CHOICE',
        points: 1,
        prompt: '学习{t}时，本章推荐哪种习惯？',
        choices: [
          { id: 'a', text: '先把规则背熟再开始练习' },
          { id: 'b', text: '一天之内把方法用在自己的材料上', correct: true },
          { id: 'c', text: '跳过例子以节省时间' },
        ],
        explanation: '及时练习比投入的时长更重要。',
      },
      {
        kind: 'MULTIPLE_CHOICE',
        points: 2,
        prompt: '下面哪些做法能帮你检查{t}的练习结果？',
        choices: [
          { id: 'a', text: '把结果和参考答案对比', correct: true },
          { id: 'b', text: '等到课程结束再说' },
          { id: 'c', text: '例子要小，保证能做完', correct: true },
          { id: 'd', text: '直播答疑时不要提问' },
        ],
        explanation: '小而完整的例子，再对照参考答案检查：这是熟练者的日常习惯。',
      },
    ],
    subjectPrompt: '用几个字回答：本课程讲的是什么？',
    subjectExplanation: '课程标题里就有答案。',
    wrongText: '不确定',
  },
};
