import type { TestServer } from '../harness/server';

export const ERRORS = 'errors { code message field }';
export const ADD_LESSON = `mutation($input: AddLessonInput!) { addLesson(input: $input) { lesson { id } ${ERRORS} } }`;
export const SAVE_QUIZ = `mutation($input: SaveQuizInput!) { saveQuiz(input: $input) { lesson { id quiz { passPercent maxAttempts questionCount totalPoints
  questions { id kind prompt points choices { id text } answerKey { correctChoiceIds acceptedAnswers explanation } } } } ${ERRORS} } }`;
export const SUBMIT = `mutation($input: SubmitQuizAttemptInput!) { submitQuizAttempt(input: $input) {
  attempt { id attemptNumber score maxScore scorePercent passed answersRevealed
    feedback { question { id } correct pointsAwarded points choiceIds text answerKey { correctChoiceIds acceptedAnswers explanation } } }
  enrollment { id completedAt completedLessonIds certificate { code } quizResults { lesson { id } attemptsUsed attemptsLeft bestScorePercent passed } }
  ${ERRORS} } }`;

/** Three questions worth 1 + 2 + 1 points; the right answers are B, {A, C} and "B-tree". */
export const QUESTIONS = [
  {
    kind: 'SINGLE_CHOICE',
    prompt: 'Which index keeps keys sorted?',
    choices: [
      { id: 'a', text: 'Hash' },
      { id: 'b', text: 'B-tree', correct: true },
    ],
  },
  {
    kind: 'MULTIPLE_CHOICE',
    prompt: 'Which of these are indexes in PostgreSQL?',
    points: 2,
    choices: [
      { id: 'a', text: 'GIN', correct: true },
      { id: 'b', text: 'ZIP' },
      { id: 'c', text: 'BRIN', correct: true },
    ],
  },
  {
    kind: 'SHORT_TEXT',
    prompt: 'Name the default index type.',
    acceptedAnswers: ['B-tree', 'btree'],
    explanation: 'CREATE INDEX makes a B-tree unless told otherwise.',
  },
];

/** A QUIZ lesson with QUESTIONS in the course's first section; returns the lesson and the question ids in order. */
export async function quizLesson(t: TestServer, creatorToken: string, sectionId: string, rules: { passPercent?: number; maxAttempts?: number | null } = {}) {
  const added = await t.gql(ADD_LESSON, { input: { sectionId, title: 'Quiz: indexes', kind: 'QUIZ', durationSeconds: 300 } }, creatorToken);
  const lessonId = added.data.addLesson.lesson.id;
  const saved = await t.gql(SAVE_QUIZ, { input: { lessonId, questions: QUESTIONS, ...rules } }, creatorToken);
  if (saved.data?.saveQuiz?.errors?.length !== 0) throw new Error(`saveQuiz failed: ${JSON.stringify(saved)}`);
  return { lessonId, questionIds: saved.data.saveQuiz.lesson.quiz.questions.map((q: { id: string }) => q.id) as string[] };
}

/** Answers: `right` picks which of the three questions are answered right. */
export function answers(questionIds: string[], right: [boolean, boolean, boolean]) {
  return [
    { questionId: questionIds[0], choiceIds: [right[0] ? 'b' : 'a'] },
    { questionId: questionIds[1], choiceIds: right[1] ? ['c', 'a'] : ['a'] },
    { questionId: questionIds[2], text: right[2] ? '  ｂ-TREE ' : 'hash' },
  ];
}

export async function sectionOf(t: TestServer, token: string, courseId: string): Promise<string> {
  return (await t.gql(`query($id: ID!) { course(id: $id) { sections { id } } }`, { id: courseId }, token)).data.course.sections[0].id;
}
