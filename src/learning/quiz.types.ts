import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Lesson } from '../catalog/catalog.types';
import { UserError } from '../common/errors';
import { Node } from '../common/node';
import { Enrollment } from './enrollment.types';
import { QuizQuestionKind } from './quiz.entity';

registerEnumType(QuizQuestionKind, {
  name: 'QuizQuestionKind',
  valuesConfig: {
    SINGLE_CHOICE: { description: 'Exactly one choice is right.' },
    MULTIPLE_CHOICE: { description: 'One or more choices are right; the answer must name all of them and nothing else.' },
    SHORT_TEXT: { description: 'A typed answer, right when it matches an accepted answer (case, width and spacing ignored).' },
  },
});

@ObjectType({ description: "A QUIZ lesson's grading rules and questions." })
export class Quiz {
  @Field(() => Int, { description: 'Share of the points needed to pass, 0 to 100.' })
  passPercent: number;

  @Field(() => Int, { nullable: true, description: 'Attempts each learner may make; null: unlimited.' })
  maxAttempts: number | null;
}

@ObjectType({ simpleResolvers: true })
export class QuizChoice {
  @Field(() => ID)
  id: string;

  @Field()
  text: string;
}

@ObjectType({
  simpleResolvers: true,
  description: "The right answers: for the course's creator and admins, and for a learner once they passed or used every attempt.",
})
export class QuizAnswerKey {
  @Field(() => [ID])
  correctChoiceIds: string[];

  @Field(() => [String])
  acceptedAnswers: string[];

  @Field(() => String, { nullable: true })
  explanation: string | null;
}

@ObjectType({ implements: Node })
export class QuizQuestion extends Node {
  @Field(() => QuizQuestionKind)
  kind: QuizQuestionKind;

  @Field()
  prompt: string;

  @Field(() => Int)
  points: number;

  @Field(() => Int)
  position: number;

  @Field(() => [QuizChoice], { description: 'Empty for SHORT_TEXT questions.' })
  choices: QuizChoice[];
}

@ObjectType({ simpleResolvers: true })
export class QuizQuestionFeedback {
  @Field(() => QuizQuestion)
  question: object;

  @Field()
  correct: boolean;

  @Field(() => Int)
  pointsAwarded: number;

  @Field(() => Int)
  points: number;

  @Field(() => [ID], { description: 'The choices the learner picked.' })
  choiceIds: string[];

  @Field(() => String, { nullable: true, description: 'What the learner typed.' })
  text: string | null;

  @Field(() => QuizAnswerKey, { nullable: true, description: 'Null until the answers are revealed to this learner (passed, or no attempts left).' })
  answerKey: QuizAnswerKey | null;
}

@ObjectType({ implements: Node })
export class QuizAttempt extends Node {
  @Field(() => Int)
  attemptNumber: number;

  @Field(() => Int)
  score: number;

  @Field(() => Int)
  maxScore: number;

  @Field()
  passed: boolean;

  @Field()
  submittedAt: Date;
}

@ObjectType({ simpleResolvers: true })
export class QuizQuestionStats {
  @Field(() => QuizQuestion)
  question: object;

  @Field(() => Int)
  answerCount: number;

  @Field(() => Float, { description: 'Share of answers that were right, 0..1.' })
  correctRate: number;
}

@ObjectType({ simpleResolvers: true, description: "One quiz's results across learners (the course's creator and admins)." })
export class QuizStats {
  @Field(() => Lesson)
  lesson: object;

  @Field(() => Int)
  attemptCount: number;

  @Field(() => Int, { description: 'Learners who made at least one attempt.' })
  learnerCount: number;

  @Field(() => Int, { description: 'Learners with a passing attempt.' })
  passedLearnerCount: number;

  @Field(() => Float, { nullable: true, description: 'passedLearnerCount / learnerCount; null before anyone tried.' })
  passRate: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean score of all attempts, 0..100.' })
  averageScorePercent: number | null;

  @Field(() => [QuizQuestionStats], { description: 'Questions answered wrong most often first (at most 5).' })
  hardestQuestions: QuizQuestionStats[];
}

@ObjectType({ simpleResolvers: true, description: "A learner's standing in one quiz of their course." })
export class QuizResult {
  @Field(() => Lesson)
  lesson: object;

  @Field(() => Int)
  attemptsUsed: number;

  @Field(() => Int, { nullable: true, description: 'Null: unlimited.' })
  attemptsLeft: number | null;

  @Field(() => Int, { nullable: true, description: 'Best score in percent, 0..100; null before the first attempt.' })
  bestScorePercent: number | null;

  @Field()
  passed: boolean;
}

@InputType()
export class QuizChoiceInput {
  @Field(() => ID, { nullable: true, description: "Keep an existing choice's id (answers refer to it); new choices get one." })
  id?: string | null;

  @Field()
  text: string;

  @Field(() => Boolean, { nullable: true })
  correct?: boolean | null;
}

@InputType()
export class QuizQuestionInput {
  @Field(() => ID, { nullable: true, description: 'An existing question of this quiz to change; omit for a new one.' })
  id?: string | null;

  @Field(() => QuizQuestionKind)
  kind: QuizQuestionKind;

  @Field()
  prompt: string;

  @Field(() => Int, { nullable: true, description: '1 to 100 (default 1).' })
  points?: number | null;

  @Field(() => [QuizChoiceInput], { nullable: true, description: 'Choice questions: 2 to 10 choices, the right ones marked correct.' })
  choices?: QuizChoiceInput[] | null;

  @Field(() => [String], { nullable: true, description: 'SHORT_TEXT questions: 1 to 20 accepted answers.' })
  acceptedAnswers?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Shown with the answer key.' })
  explanation?: string | null;
}

@InputType({ description: 'The whole quiz: questions not listed are taken out (attempts graded against them keep them).' })
export class SaveQuizInput {
  @Field(() => ID)
  lessonId: string;

  @Field(() => Int, { nullable: true, description: '0 to 100; default 60 for a new quiz, else unchanged.' })
  passPercent?: number | null;

  @Field(() => Int, { nullable: true, description: '1 to 100; null: unlimited. Omit to keep.' })
  maxAttempts?: number | null;

  @Field(() => [QuizQuestionInput])
  questions: QuizQuestionInput[];
}

@InputType()
export class QuizAnswerInput {
  @Field(() => ID)
  questionId: string;

  @Field(() => [ID], { nullable: true })
  choiceIds?: string[] | null;

  @Field(() => String, { nullable: true })
  text?: string | null;
}

@InputType()
export class SubmitQuizAttemptInput {
  @Field(() => ID)
  lessonId: string;

  @Field({ description: 'Client-generated id; a resend returns the first attempt (other answers under it: IDEMPOTENCY_CONFLICT).' })
  clientAttemptId: string;

  @Field(() => [QuizAnswerInput], { description: 'Questions left out count as wrong.' })
  answers: QuizAnswerInput[];
}

@ObjectType()
export class QuizPayload {
  @Field(() => Lesson, { nullable: true })
  lesson?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@ObjectType()
export class QuizAttemptPayload {
  @Field(() => QuizAttempt, { nullable: true })
  attempt?: object | null;

  @Field(() => Enrollment, { nullable: true })
  enrollment?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}
