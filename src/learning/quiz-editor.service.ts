import { randomBytes } from 'node:crypto';
import { announceCourseEdit, forgetOutline, screenCourseChange } from '../catalog/course-edits';
import { loadLessonForEditing } from '../catalog/curriculum-guards';
import { lockCourse } from '../catalog/curriculum-positions';
import { LessonEntity, LessonKind } from '../catalog/lesson.entity';
import { invalidInput } from '../common/errors';
import { idOfType } from '../common/global-id';
import { inTransaction } from '../kernel/transaction';
import { boundedText } from '../identity/identity.validation';
import { recordScreening } from '../kernel/screening';
import type { DomainContext } from '../kernel/context';
import { QuizQuestionKind, type QuizChoiceValue } from './quiz.entity';
import { questionsByLessonId, quizByLessonId } from './quiz.loaders';
import type { QuizQuestionInput, SaveQuizInput } from './quiz.types';

const MAX_QUESTIONS = 100;
const CHOICE_ID = /^[A-Za-z0-9_-]{1,40}$/;

interface QuestionValues {
  id: string | null;
  kind: QuizQuestionKind;
  prompt: string;
  points: number;
  choices: QuizChoiceValue[];
  correctChoiceIds: string[];
  acceptedAnswers: string[];
  explanation: string | null;
}

function questionValues(input: QuizQuestionInput, field: string[], existing: ReadonlySet<string>): QuestionValues {
  let id: string | null = null;
  if (input.id != null) {
    id = idOfType(input.id, 'QuizQuestion');
    if (!id || !existing.has(id)) throw invalidInput('Not a question of this quiz; leave id out for a new question.', [...field, 'id']);
  }
  if (!Object.values(QuizQuestionKind).includes(input.kind)) throw invalidInput('Unknown question kind.', [...field, 'kind']);
  const prompt = boundedText(input.prompt, [...field, 'prompt'], { min: 1, max: 2000 });
  const points = input.points ?? 1;
  if (!Number.isInteger(points) || points < 1 || points > 100) throw invalidInput('points must be a whole number from 1 to 100.', [...field, 'points']);
  const explanation = input.explanation == null ? null : boundedText(input.explanation, [...field, 'explanation'], { max: 2000 }) || null;
  if (input.kind === QuizQuestionKind.SHORT_TEXT) {
    if (input.choices?.length) throw invalidInput('Short-text questions have no choices; give acceptedAnswers.', [...field, 'choices']);
    const accepted = (input.acceptedAnswers ?? []).map((a, i) => boundedText(a, [...field, 'acceptedAnswers', String(i)], { min: 1, max: 200 }));
    if (accepted.length < 1 || accepted.length > 20) throw invalidInput('Give 1 to 20 accepted answers.', [...field, 'acceptedAnswers']);
    return { id, kind: input.kind, prompt, points, choices: [], correctChoiceIds: [], acceptedAnswers: [...new Set(accepted)], explanation };
  }
  if (input.acceptedAnswers?.length)
    throw invalidInput('Choice questions are answered by choices; mark the right ones correct.', [...field, 'acceptedAnswers']);
  const choices = input.choices ?? [];
  if (choices.length < 2 || choices.length > 10) throw invalidInput('Give 2 to 10 choices.', [...field, 'choices']);
  const seen = new Set<string>();
  const values = choices.map((choice, i) => {
    const choiceId = choice.id ?? `c${randomBytes(4).toString('hex')}`;
    if (!CHOICE_ID.test(choiceId) || seen.has(choiceId))
      throw invalidInput('Choice ids are 1 to 40 letters, digits, "-" or "_", unique within the question.', [...field, 'choices', String(i), 'id']);
    seen.add(choiceId);
    return { id: choiceId, text: boundedText(choice.text, [...field, 'choices', String(i), 'text'], { min: 1, max: 500 }), correct: choice.correct === true };
  });
  const correct = values.filter((c) => c.correct).map((c) => c.id);
  if (input.kind === QuizQuestionKind.SINGLE_CHOICE && correct.length !== 1)
    throw invalidInput('A single-choice question has exactly one correct choice.', [...field, 'choices']);
  if (correct.length < 1) throw invalidInput('Mark at least one choice correct.', [...field, 'choices']);
  return {
    id,
    kind: input.kind,
    prompt,
    points,
    choices: values.map(({ id: cid, text }) => ({ id: cid, text })),
    correctChoiceIds: correct,
    acceptedAnswers: [],
    explanation,
  };
}

/**
 * Writes a QUIZ lesson's whole quiz: its rules and its questions in order.
 * Listed questions with an id change in place (answers already graded keep
 * their grade); questions not listed are taken out but kept for the attempts
 * that answered them. Quiz text on a live course is screened like lesson text.
 */
export async function saveQuiz(ctx: DomainContext, input: SaveQuizInput): Promise<LessonEntity> {
  const { lesson, course } = await loadLessonForEditing(ctx, input.lessonId, ['input', 'lessonId']);
  if (lesson.kind !== LessonKind.QUIZ)
    throw invalidInput("Only QUIZ lessons hold questions; change the lesson's kind with updateLesson first.", ['input', 'lessonId']);
  const quiz = await ctx.loaders.get(quizByLessonId).load(lesson.id);
  const passPercent = input.passPercent ?? quiz?.passPercent ?? 60;
  if (!Number.isInteger(passPercent) || passPercent < 0 || passPercent > 100)
    throw invalidInput('passPercent must be a whole number from 0 to 100.', ['input', 'passPercent']);
  const maxAttempts = input.maxAttempts === undefined ? (quiz?.maxAttempts ?? null) : input.maxAttempts;
  if (maxAttempts !== null && (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100)) {
    throw invalidInput('maxAttempts must be a whole number from 1 to 100, or null for unlimited.', ['input', 'maxAttempts']);
  }
  if (input.questions.length < 1 || input.questions.length > MAX_QUESTIONS)
    throw invalidInput(`A quiz has 1 to ${MAX_QUESTIONS} questions.`, ['input', 'questions']);
  const existing = new Set((await ctx.loaders.get(questionsByLessonId).load(lesson.id)).map((q) => q.id));
  const questions = input.questions.map((q, i) => questionValues(q, ['input', 'questions', String(i)], existing));
  const ids = questions.flatMap((q) => (q.id ? [q.id] : []));
  if (new Set(ids).size !== ids.length) throw invalidInput('A question is listed twice.', ['input', 'questions']);

  const text = questions.map((q) => [q.prompt, ...q.choices.map((c) => c.text), ...q.acceptedAnswers, q.explanation ?? ''].join('\n')).join('\n');
  const screening = await screenCourseChange(ctx, course, 'LESSON', `${lesson.title}\n${text}`, ['input', 'questions']);
  await inTransaction(ctx, async (tx) => {
    const { manager } = tx;
    await lockCourse(manager, course.id);
    await manager.query(
      `INSERT INTO quizzes (lesson_id, pass_percent, max_attempts) VALUES ($1, $2, $3)
       ON CONFLICT (lesson_id) DO UPDATE SET pass_percent = excluded.pass_percent, max_attempts = excluded.max_attempts, updated_at = now()`,
      [lesson.id, passPercent, maxAttempts],
    );
    await manager.query(`UPDATE quiz_questions SET removed_at = now() WHERE lesson_id = $1 AND removed_at IS NULL AND NOT (id = ANY($2::uuid[]))`, [
      lesson.id,
      ids,
    ]);
    for (const [i, q] of questions.entries()) {
      const values = [q.kind, q.prompt, q.points, JSON.stringify(q.choices), q.correctChoiceIds, q.acceptedAnswers, q.explanation, i + 1];
      if (q.id) {
        await manager.query(
          `UPDATE quiz_questions SET kind = $2, prompt = $3, points = $4, choices = $5, correct_choice_ids = $6, accepted_answers = $7,
          explanation = $8, position = $9 WHERE id = $1`,
          [q.id, ...values],
        );
      } else {
        await manager.query(
          `INSERT INTO quiz_questions (lesson_id, kind, prompt, points, choices, correct_choice_ids, accepted_answers, explanation, position)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [lesson.id, ...values],
        );
      }
    }
    if (screening?.status === 'HELD') await manager.query(`UPDATE lessons SET removed_at = now() WHERE id = $1`, [lesson.id]);
    if (screening) await recordScreening(tx, screening, lesson.id);
    await announceCourseEdit(ctx, tx, {
      courseId: course.id,
      change: 'quiz.save',
      subjectType: 'Lesson',
      subjectId: lesson.id,
      data: { title: lesson.title, questions: questions.length, passPercent, maxAttempts },
      // Which quizzes a quiz-pass certificate needs may have changed.
      curriculumChanged: course.certificateRequiresQuizPass,
    });
  });
  ctx.loaders.get(quizByLessonId).clear(lesson.id);
  ctx.loaders.get(questionsByLessonId).clear(lesson.id);
  forgetOutline(ctx, course.id, { lessons: [lesson.id] });
  return lesson;
}
