import { randomUUID } from 'node:crypto';
import { progressTopic } from '../../src/learning/progress.types';
import { enroll, publishedCourse, rawId, TestCourse } from '../harness/courses';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { subscribe, waitForSubscribers, wsClient } from '../harness/subscriptions';
import { ADD_LESSON, answers, ERRORS, QUESTIONS, quizLesson, SAVE_QUIZ, sectionOf, SUBMIT } from './quiz-fixtures';

const QUIZ = `query($id: ID!) { node(id: $id) { ... on Lesson { quiz { passPercent maxAttempts questionCount totalPoints viewerAttemptsLeft viewerPassed
  questions { id kind prompt points choices { id text } answerKey { correctChoiceIds acceptedAnswers explanation } } } } } }`;
const QUESTION = `query($id: ID!) { node(id: $id) { ... on QuizQuestion { prompt answerKey { correctChoiceIds acceptedAnswers } } } }`;
const RECORD = `mutation($input: RecordProgressInput!) { recordProgress(input: $input) { enrollment { completedAt certificate { code } } ${ERRORS} } }`;
const STATS = `query($id: ID!) { course(id: $id) { quizPassRate quizStats { lesson { id } attemptCount learnerCount passedLearnerCount passRate averageScorePercent
  hardestQuestions { question { id } answerCount correctRate } } } }`;
const UPDATE_COURSE = `mutation($input: UpdateCourseInput!) { updateCourse(input: $input) { course { certificateRequiresQuizPass } ${ERRORS} } }`;

const submit = (t: TestServer, token: string | null, lessonId: string, given: unknown[], clientAttemptId: string = randomUUID()) =>
  t.gql(SUBMIT, { input: { lessonId, clientAttemptId, answers: given } }, token);

describe('quizzes that grade', () => {
  let t: TestServer;
  let creator: { token: string; userId: string };
  let course: TestCourse;
  let quiz: { lessonId: string; questionIds: string[] };

  beforeAll(async () => {
    t = await startTestServer();
    creator = await signUpUser(t, 'Examiner');
    course = await publishedCourse(t, creator.token, { price: 4900, lessons: 1 });
    quiz = await quizLesson(t, creator.token, await sectionOf(t, creator.token, course.id), { passPercent: 70, maxAttempts: 2 });
  });
  afterAll(async () => t?.stop());

  it('the creator writes questions of three kinds with points, a pass mark and an attempt limit; bad quizzes are refused', async () => {
    const seen = (await t.gql(QUIZ, { id: quiz.lessonId }, creator.token)).data.node.quiz;
    expect(seen).toMatchObject({ passPercent: 70, maxAttempts: 2, questionCount: 3, totalPoints: 4 });
    expect(seen.questions.map((q: any) => [q.kind, q.points, q.answerKey])).toEqual([
      ['SINGLE_CHOICE', 1, { correctChoiceIds: ['b'], acceptedAnswers: [], explanation: null }],
      ['MULTIPLE_CHOICE', 2, { correctChoiceIds: ['a', 'c'], acceptedAnswers: [], explanation: null }],
      ['SHORT_TEXT', 1, { correctChoiceIds: [], acceptedAnswers: ['B-tree', 'btree'], explanation: QUESTIONS[2].explanation }],
    ]);
    const save = async (questions: unknown[], lessonId = quiz.lessonId) =>
      (await t.gql(SAVE_QUIZ, { input: { lessonId, questions } }, creator.token)).data.saveQuiz.errors[0];
    expect(
      await save([
        {
          kind: 'SINGLE_CHOICE',
          prompt: 'Two right?',
          choices: [
            { text: 'x', correct: true },
            { text: 'y', correct: true },
          ],
        },
      ]),
    ).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'questions', '0', 'choices'] });
    expect(await save([{ kind: 'SHORT_TEXT', prompt: 'Typed', choices: [{ text: 'x' }, { text: 'y' }], acceptedAnswers: ['x'] }])).toMatchObject({
      code: 'INVALID_INPUT',
      field: ['input', 'questions', '0', 'choices'],
    });
    expect(await save([{ kind: 'MULTIPLE_CHOICE', prompt: 'None right', choices: [{ text: 'x' }, { text: 'y' }] }])).toMatchObject({
      code: 'INVALID_INPUT',
      field: ['input', 'questions', '0', 'choices'],
    });
    expect(await save([], quiz.lessonId)).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'questions'] });
    expect(await save(QUESTIONS, course.lessonIds[0])).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'lessonId'] });
    const stranger = await signUpUser(t, 'Meddler');
    expect((await t.gql(SAVE_QUIZ, { input: { lessonId: quiz.lessonId, questions: QUESTIONS } }, stranger.token)).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
  });

  it('never sends the answer key to a learner before they submit, nor questions to a stranger', async () => {
    const learner = await signUpUser(t, 'Reader');
    await enroll(t, learner.userId, course.id);
    const asLearner = (await t.gql(QUIZ, { id: quiz.lessonId }, learner.token)).data.node.quiz;
    expect(asLearner.questions).toHaveLength(3);
    expect(asLearner.questions.every((q: any) => q.answerKey === null)).toBe(true);
    expect(asLearner).toMatchObject({ viewerAttemptsLeft: 2, viewerPassed: false });
    expect((await t.gql(QUESTION, { id: quiz.questionIds[2] }, learner.token)).data.node).toEqual({ prompt: QUESTIONS[2].prompt, answerKey: null });
    const stranger = await signUpUser(t, 'Outsider');
    expect((await t.gql(QUIZ, { id: quiz.lessonId }, stranger.token)).data.node.quiz).toMatchObject({ questionCount: 3, questions: [] });
    expect((await t.gql(QUESTION, { id: quiz.questionIds[2] }, stranger.token)).data.node).toBeNull();
    expect((await submit(t, stranger.token, quiz.lessonId, answers(quiz.questionIds, [true, true, true]))).data.submitQuizAttempt.errors[0].code).toBe(
      'NOT_ENTITLED',
    );
    expect((await submit(t, null, quiz.lessonId, [])).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('grades an attempt with feedback per question, idempotently, counts it in progress, and stops at the attempt limit, then reveals the answers', async () => {
    const learner = await signUpUser(t, 'Trier');
    await enroll(t, learner.userId, course.id);
    const first = answers(quiz.questionIds, [true, false, true]);
    const id = randomUUID();
    const graded = (await submit(t, learner.token, quiz.lessonId, first, id)).data.submitQuizAttempt;
    expect(graded.errors).toEqual([]);
    expect(graded.attempt).toMatchObject({ attemptNumber: 1, score: 2, maxScore: 4, scorePercent: 50, passed: false, answersRevealed: false });
    expect(graded.attempt.feedback.map((f: any) => [f.correct, f.pointsAwarded, f.points, f.answerKey])).toEqual([
      [true, 1, 1, null],
      [false, 0, 2, null],
      [true, 1, 1, null],
    ]);
    expect(graded.attempt.feedback[1].choiceIds).toEqual(['a']);
    // taking the quiz completes its lesson; the result shows in progress
    expect(graded.enrollment.completedLessonIds).toContain(quiz.lessonId);
    expect(graded.enrollment.quizResults).toEqual([{ lesson: { id: quiz.lessonId }, attemptsUsed: 1, attemptsLeft: 1, bestScorePercent: 50, passed: false }]);

    // a resend is the same attempt; other answers under the same id are a conflict
    const again = (await submit(t, learner.token, quiz.lessonId, [...first].reverse(), id)).data.submitQuizAttempt;
    expect(again.attempt.id).toBe(graded.attempt.id);
    const clash = (await submit(t, learner.token, quiz.lessonId, answers(quiz.questionIds, [true, true, true]), id)).data.submitQuizAttempt;
    expect(clash.errors[0]).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', field: ['input', 'clientAttemptId'] });

    const last = (await submit(t, learner.token, quiz.lessonId, answers(quiz.questionIds, [false, false, false]))).data.submitQuizAttempt;
    expect(last.attempt).toMatchObject({ attemptNumber: 2, score: 0, passed: false, answersRevealed: true });
    expect(last.attempt.feedback[2].answerKey).toEqual({ correctChoiceIds: [], acceptedAnswers: ['B-tree', 'btree'], explanation: QUESTIONS[2].explanation });
    const over = (await submit(t, learner.token, quiz.lessonId, answers(quiz.questionIds, [true, true, true]))).data.submitQuizAttempt;
    expect(over.errors[0]).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringMatching(/all 2 attempts/) });
    const [{ attempts }] = await t.db.dataSource.query(`SELECT count(*)::int AS attempts FROM quiz_attempts WHERE user_id = $1`, [rawId(learner.userId)]);
    expect(attempts).toBe(2);
  });

  it('refuses bad answers and completing a quiz by recording progress', async () => {
    const learner = await signUpUser(t, 'Careless');
    await enroll(t, learner.userId, course.id);
    const unknownQuestion = (await submit(t, learner.token, quiz.lessonId, [{ questionId: course.lessonIds[0], choiceIds: ['a'] }])).data.submitQuizAttempt;
    expect(unknownQuestion.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'answers', '0', 'questionId'] });
    const twoForOne = (await submit(t, learner.token, quiz.lessonId, [{ questionId: quiz.questionIds[0], choiceIds: ['a', 'b'] }])).data.submitQuizAttempt;
    expect(twoForOne.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'answers', '0', 'choiceIds'] });
    const notAChoice = (await submit(t, learner.token, quiz.lessonId, [{ questionId: quiz.questionIds[1], choiceIds: ['z'] }])).data.submitQuizAttempt;
    expect(notAChoice.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'answers', '0', 'choiceIds'] });
    const notAQuiz = (await submit(t, learner.token, course.lessonIds[0], [])).data.submitQuizAttempt;
    expect(notAQuiz.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'lessonId'] });
    const shortcut = (
      await t.gql(RECORD, { input: { lessonId: quiz.lessonId, positionSeconds: 0, completed: true, clientEventId: randomUUID() } }, learner.token)
    ).data.recordProgress;
    expect(shortcut.errors[0]).toMatchObject({ code: 'CONFLICT', field: ['input', 'completed'] });
  });

  it("sends a graded attempt to the learner's other devices through progressUpdated", async () => {
    const learner = await signUpUser(t, 'Phone');
    await enroll(t, learner.userId, course.id);
    const client = wsClient(t, learner.token);
    try {
      const live = subscribe(
        client,
        `subscription($courseId: ID!) { progressUpdated(courseId: $courseId) { lesson { id } quizAttempt { score maxScore passed } enrollment { quizResults { passed } } } }`,
        { courseId: course.id },
      );
      await waitForSubscribers(t, progressTopic(rawId(learner.userId), rawId(course.id)));
      await submit(t, learner.token, quiz.lessonId, answers(quiz.questionIds, [true, true, false]));
      const event = await live.next(10_000);
      expect(event.data?.progressUpdated).toEqual({
        lesson: { id: quiz.lessonId },
        quizAttempt: { score: 3, maxScore: 4, passed: true },
        enrollment: { quizResults: [{ passed: true }] },
      });
    } finally {
      await client.dispose();
    }
  });

  it('a course can require passing its quizzes for the certificate', async () => {
    const strict = await publishedCourse(t, creator.token, { price: 4900, lessons: 1 });
    const { lessonId, questionIds } = await quizLesson(t, creator.token, await sectionOf(t, creator.token, strict.id), { passPercent: 100, maxAttempts: null });
    expect(
      (await t.gql(UPDATE_COURSE, { input: { id: strict.id, certificateRequiresQuizPass: true } }, creator.token)).data.updateCourse.course
        .certificateRequiresQuizPass,
    ).toBe(true);
    const learner = await signUpUser(t, 'Diligent');
    await enroll(t, learner.userId, strict.id);
    await t.gql(RECORD, { input: { lessonId: strict.lessonIds[0], positionSeconds: 300, completed: true, clientEventId: randomUUID() } }, learner.token);
    const failed = (await submit(t, learner.token, lessonId, answers(questionIds, [true, true, false]))).data.submitQuizAttempt;
    // every lesson done, the quiz taken but not passed: no certificate yet
    expect(failed.enrollment).toMatchObject({ completedAt: null, certificate: null });
    expect(failed.enrollment.completedLessonIds).toHaveLength(2);
    const passed = (await submit(t, learner.token, lessonId, answers(questionIds, [true, true, true]))).data.submitQuizAttempt;
    expect(passed.attempt.passed).toBe(true);
    expect(passed.enrollment).toMatchObject({ completedAt: expect.any(String), certificate: { code: expect.any(String) } });
  });

  it("shows the creator each quiz's pass rate and hardest questions; learners see no stats", async () => {
    const fresh = await publishedCourse(t, creator.token, { price: 4900, lessons: 1 });
    const { lessonId, questionIds } = await quizLesson(t, creator.token, await sectionOf(t, creator.token, fresh.id), { passPercent: 75, maxAttempts: null });
    const results: Array<[boolean, boolean, boolean]> = [
      [true, true, true],
      [true, false, true],
      [false, false, true],
      [true, true, false],
    ];
    const learners = [];
    for (const right of results) {
      const learner = await signUpUser(t, 'Taker');
      await enroll(t, learner.userId, fresh.id);
      await submit(t, learner.token, lessonId, answers(questionIds, right));
      learners.push(learner);
    }
    // the second learner tries again and passes
    await submit(t, learners[1].token, lessonId, answers(questionIds, [true, true, true]));
    const stats = (await t.gql(STATS, { id: fresh.id }, creator.token)).data.course;
    expect(stats.quizStats).toHaveLength(1);
    const [one] = stats.quizStats;
    expect(one).toMatchObject({ lesson: { id: lessonId }, attemptCount: 5, learnerCount: 4, passedLearnerCount: 3, passRate: 0.75 });
    // scores: 4, 2, 1, 3, 4 of 4 → mean 70%
    expect(one.averageScorePercent).toBeCloseTo(70);
    expect(one.hardestQuestions.map((q: any) => [q.question.id, q.answerCount, q.correctRate])).toEqual([
      [questionIds[1], 5, 0.6],
      [questionIds[0], 5, 0.8],
      [questionIds[2], 5, 0.8],
    ]);
    expect(stats.quizPassRate).toBeCloseTo(0.75);
    expect((await t.gql(STATS, { id: fresh.id }, learners[0].token)).data.course).toEqual({ quizPassRate: null, quizStats: null });
  });

  it('keeps past attempts graded when the creator changes the quiz', async () => {
    const learner = await signUpUser(t, 'Early');
    await enroll(t, learner.userId, course.id);
    const graded = (await submit(t, learner.token, quiz.lessonId, answers(quiz.questionIds, [true, true, true]))).data.submitQuizAttempt.attempt;
    const kept = [{ ...QUESTIONS[0], id: quiz.questionIds[0], prompt: 'Which index keeps keys in order?' }];
    const saved = (await t.gql(SAVE_QUIZ, { input: { lessonId: quiz.lessonId, questions: kept } }, creator.token)).data.saveQuiz;
    expect(saved.lesson.quiz).toMatchObject({ questionCount: 1, totalPoints: 1, passPercent: 70, maxAttempts: 2 });
    expect(saved.lesson.quiz.questions[0].id).toBe(quiz.questionIds[0]);
    const again = await t.gql(
      `query($id: ID!) { node(id: $id) { ... on QuizAttempt { score maxScore feedback { question { id prompt } correct } } } }`,
      { id: graded.id },
      learner.token,
    );
    expect(again.data.node).toMatchObject({ score: 4, maxScore: 4 });
    expect(again.data.node.feedback.map((f: any) => f.question.id)).toEqual(quiz.questionIds);
    // attempts are private
    const other = await signUpUser(t, 'Peeker');
    expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: graded.id }, other.token)).data.node).toBeNull();
    await t.gql(
      SAVE_QUIZ,
      { input: { lessonId: quiz.lessonId, questions: QUESTIONS.map((q, i) => (i === 0 ? { ...q, id: quiz.questionIds[0] } : q)) } },
      creator.token,
    );
  });

  it('adds a quiz lesson through addLesson and refuses attempts while it has no questions', async () => {
    const learner = await signUpUser(t, 'Eager');
    await enroll(t, learner.userId, course.id);
    const empty = (
      await t.gql(
        ADD_LESSON,
        { input: { sectionId: await sectionOf(t, creator.token, course.id), title: 'Soon', kind: 'QUIZ', durationSeconds: 60 } },
        creator.token,
      )
    ).data.addLesson.lesson.id;
    expect((await submit(t, learner.token, empty, [])).data.submitQuizAttempt.errors[0]).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/no questions/),
    });
  });
});
