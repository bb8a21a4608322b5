import { answersDigest } from '../src/learning/quiz-grading';
import { DEMO_CREATOR } from './demo-accounts';
import { addMs, DAY_MS, DEMO_REFERENCE_DATE, HOUR_MS, MINUTE_MS } from './demo-clock';
import type { DemoCourse } from './demo-courses';
import { demoId } from './demo-ids';
import { QUIZ_COPY } from './demo-quiz-copy';
import type { LessonProgressRow, LiveSessionRow, QuizAnswerRow, QuizAttemptRow, QuizQuestionRow, QuizRow, SectionRow, EnrollmentRow } from './demo-rows';
import type { SeededRandom } from './random';

/**
 * What makes the demo a school: graded quizzes on every QUIZ lesson, with
 * attempts by the learners who completed them; one scheduled live session;
 * one course released section by section (drip).
 */
export interface DemoSchool {
  quizzes: QuizRow[];
  quizQuestions: QuizQuestionRow[];
  quizAttempts: QuizAttemptRow[];
  quizAnswers: QuizAnswerRow[];
  liveSessions: LiveSessionRow[];
}

const PASS_PERCENT = 60;
const MAX_ATTEMPTS = 3;
const DRIP_DAYS = 7;

/** Published courses, the demo creator's first: the live session and the drip go where a newcomer signed in as them looks. */
function showcase(courses: readonly DemoCourse[], fits: (course: DemoCourse) => boolean): DemoCourse | undefined {
  const published = courses.filter((c) => c.row.status === 'PUBLISHED' && c.row.priceAmount !== null && fits(c));
  return published.find((c) => c.creator.profile.handle === DEMO_CREATOR.handle) ?? published[0];
}

export function buildDemoSchool(
  rng: SeededRandom,
  courses: readonly DemoCourse[],
  sections: SectionRow[],
  enrollments: readonly EnrollmentRow[],
  progress: readonly LessonProgressRow[],
  now: Date,
): DemoSchool {
  const school: DemoSchool = { quizzes: [], quizQuestions: [], quizAttempts: [], quizAnswers: [], liveSessions: [] };
  const quizLessons = new Map<string, { course: DemoCourse; questions: QuizQuestionRow[] }>();
  for (const course of courses) {
    for (const lesson of course.lessons.filter((l) => l.kind === 'QUIZ')) {
      school.quizzes.push({ lessonId: lesson.id, passPercent: PASS_PERCENT, maxAttempts: MAX_ATTEMPTS, updatedAt: course.row.createdAt });
      const questions = quizQuestions(course, lesson.id);
      school.quizQuestions.push(...questions);
      quizLessons.set(lesson.id, { course, questions });
    }
  }

  // Everyone who completed a quiz lesson took its quiz: some passed at once, others needed another try.
  const enrollmentsById = new Map(enrollments.map((e) => [e.id, e]));
  for (const row of progress) {
    const quiz = row.completedAt ? quizLessons.get(row.lessonId) : undefined;
    if (!quiz) continue;
    const enrollment = enrollmentsById.get(row.enrollmentId)!;
    const skill = Math.min(0.9, Math.max(0.45, 0.7 + 0.08 * quiz.course.quality + rng.normal(0, 0.12)));
    const tries = rng.chance(0.8) ? MAX_ATTEMPTS : 1;
    for (let attempt = 1; attempt <= tries; attempt++) {
      const submittedAt = addMs(row.completedAt!, -(tries - attempt) * rng.int(5, 90) * MINUTE_MS);
      const passed = takeQuiz(
        rng,
        school,
        quiz.course,
        quiz.questions,
        enrollment,
        row.lessonId,
        attempt,
        Math.min(0.97, skill + 0.12 * (attempt - 1)),
        submittedAt,
      );
      if (passed) break;
    }
  }

  // One course drips its sections out a week apart, counted from each learner's enrollment.
  const dripped = showcase(courses, (c) => sections.filter((s) => s.courseId === c.row.id).length >= 3);
  for (const section of sections.filter((s) => s.courseId === dripped?.row.id && s.position > 1)) section.releaseAfterDays = DRIP_DAYS * (section.position - 1);

  // One live session, a few days ahead of whenever the demo is seeded (the one part of the demo set by the clock, so it is upcoming).
  const live = showcase(courses, (c) => c.lessons.some((l) => l.kind === 'LIVE'));
  const lesson = live?.lessons.find((l) => l.kind === 'LIVE');
  if (live && lesson) {
    const day = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
    school.liveSessions.push({
      lessonId: lesson.id,
      startsAt: addMs(day, 3 * DAY_MS + 12 * HOUR_MS),
      durationMinutes: Math.round(lesson.durationSeconds / 60),
      timeZone: live.row.language === 'zh' ? 'Asia/Shanghai' : 'America/New_York',
      joinUrl: `https://meet.knowpay.local/${live.row.slug}`,
      capacity: 200,
      updatedAt: DEMO_REFERENCE_DATE,
    });
  }
  return school;
}

function quizQuestions(course: DemoCourse, lessonId: string): QuizQuestionRow[] {
  const copy = QUIZ_COPY[course.row.language as 'zh' | 'en'];
  const fill = (text: string) => text.replace('{t}', course.subjectName);
  const fixed = copy.questions.map((q, i) => ({
    id: demoId('quiz-question', `${lessonId}/${i + 1}`),
    lessonId,
    position: i + 1,
    kind: q.kind,
    prompt: fill(q.prompt),
    points: q.points,
    choices: JSON.stringify(q.choices.map(({ id, text }) => ({ id, text }))),
    correctChoiceIds: q.choices.filter((c) => c.correct).map((c) => c.id),
    acceptedAnswers: [] as string[],
    explanation: q.explanation,
    createdAt: course.row.createdAt,
  }));
  const subject: QuizQuestionRow = {
    id: demoId('quiz-question', `${lessonId}/${fixed.length + 1}`),
    lessonId,
    position: fixed.length + 1,
    kind: 'SHORT_TEXT',
    prompt: copy.subjectPrompt,
    points: 1,
    choices: '[]',
    correctChoiceIds: [],
    acceptedAnswers: [course.subjectName],
    explanation: copy.subjectExplanation,
    createdAt: course.row.createdAt,
  };
  return [...fixed, subject];
}

/** One graded attempt, each question right with probability `skill`; returns whether it passed. */
function takeQuiz(
  rng: SeededRandom,
  school: DemoSchool,
  course: DemoCourse,
  questions: readonly QuizQuestionRow[],
  enrollment: EnrollmentRow,
  lessonId: string,
  attemptNumber: number,
  skill: number,
  submittedAt: Date,
): boolean {
  const id = demoId('quiz-attempt', `${enrollment.id}/${lessonId}/${attemptNumber}`);
  const wrongText = QUIZ_COPY[course.row.language as 'zh' | 'en'].wrongText;
  const answers = questions.map((q) => {
    const correct = rng.chance(skill);
    const choices = (JSON.parse(q.choices) as Array<{ id: string }>).map((c) => c.id);
    const wrong = choices.filter((c) => !q.correctChoiceIds.includes(c));
    const choiceIds =
      q.kind === 'SHORT_TEXT' ? [] : correct ? q.correctChoiceIds : q.kind === 'SINGLE_CHOICE' ? [rng.pick(wrong)] : [q.correctChoiceIds[0], rng.pick(wrong)];
    const textAnswer = q.kind !== 'SHORT_TEXT' ? null : correct ? q.acceptedAnswers[0] : wrongText;
    return { attemptId: id, questionId: q.id, choiceIds, textAnswer, correct, pointsAwarded: correct ? q.points : 0 };
  });
  const score = answers.reduce((sum, a) => sum + a.pointsAwarded, 0);
  const maxScore = questions.reduce((sum, q) => sum + q.points, 0);
  const passed = score * 100 >= PASS_PERCENT * maxScore;
  school.quizAnswers.push(...answers);
  school.quizAttempts.push({
    id,
    lessonId,
    enrollmentId: enrollment.id,
    userId: enrollment.userId,
    clientAttemptId: `demo-${attemptNumber}`,
    attemptNumber,
    answersDigest: answersDigest(answers.map((a) => ({ questionId: a.questionId, choiceIds: a.choiceIds, text: a.textAnswer }))),
    score,
    maxScore,
    passed,
    submittedAt,
  });
  return passed;
}
