import { createHash } from 'node:crypto';
import { QuizQuestionKind, type QuizQuestionEntity } from './quiz.entity';

/** One learner's answer to one question, validated. */
export interface GivenAnswer {
  questionId: string;
  choiceIds: string[];
  text: string | null;
}

export interface GradedAnswer extends GivenAnswer {
  correct: boolean;
  pointsAwarded: number;
}

export interface GradedAttempt {
  answers: GradedAnswer[];
  score: number;
  maxScore: number;
  passed: boolean;
}

/** Short answers match whatever the case, the character width (full-width Ｂ-tree), and the spacing. */
export function normalizeAnswer(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function isRight(question: QuizQuestionEntity, answer: GivenAnswer | undefined): boolean {
  if (!answer) return false;
  if (question.kind === QuizQuestionKind.SHORT_TEXT) {
    const given = normalizeAnswer(answer.text ?? '');
    return given.length > 0 && question.acceptedAnswers.some((accepted) => normalizeAnswer(accepted) === given);
  }
  // Choice questions are all or nothing: exactly the right choices, no more, no fewer.
  const chosen = new Set(answer.choiceIds);
  return chosen.size === question.correctChoiceIds.length && question.correctChoiceIds.every((id) => chosen.has(id));
}

/** Grades every current question of a quiz; a question left unanswered scores nothing. */
export function gradeAttempt(questions: readonly QuizQuestionEntity[], given: readonly GivenAnswer[], passPercent: number): GradedAttempt {
  const byQuestion = new Map(given.map((a) => [a.questionId, a]));
  const answers = questions.map((question) => {
    const answer = byQuestion.get(question.id);
    const correct = isRight(question, answer);
    return { questionId: question.id, choiceIds: answer?.choiceIds ?? [], text: answer?.text ?? null, correct, pointsAwarded: correct ? question.points : 0 };
  });
  const score = answers.reduce((sum, a) => sum + a.pointsAwarded, 0);
  const maxScore = questions.reduce((sum, q) => sum + q.points, 0);
  return { answers, score, maxScore, passed: score * 100 >= passPercent * maxScore };
}

/** What was answered, order-free: the same answers resent under one client attempt id are a replay, others a conflict. */
export function answersDigest(given: readonly GivenAnswer[]): string {
  const canonical = [...given]
    .sort((a, b) => a.questionId.localeCompare(b.questionId))
    .map((a) => [a.questionId, [...a.choiceIds].sort(), a.text === null ? null : normalizeAnswer(a.text)]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
