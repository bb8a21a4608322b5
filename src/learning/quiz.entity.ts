import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export enum QuizQuestionKind {
  SINGLE_CHOICE = 'SINGLE_CHOICE',
  MULTIPLE_CHOICE = 'MULTIPLE_CHOICE',
  SHORT_TEXT = 'SHORT_TEXT',
}

/** A QUIZ lesson's grading rules; its questions hang off the same lesson id. */
@Entity('quizzes')
export class QuizEntity {
  @PrimaryColumn('uuid', { name: 'lesson_id' })
  lessonId: string;

  @Column('int', { name: 'pass_percent' })
  passPercent: number;

  /** Null: as many attempts as the learner likes. */
  @Column('int', { name: 'max_attempts', nullable: true })
  maxAttempts: number | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

export interface QuizChoiceValue {
  id: string;
  text: string;
}

@Entity('quiz_questions')
export class QuizQuestionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'lesson_id' })
  lessonId: string;

  @Column('int')
  position: number;

  @Column('text')
  kind: QuizQuestionKind;

  @Column('text')
  prompt: string;

  @Column('int')
  points: number;

  @Column('jsonb')
  choices: QuizChoiceValue[];

  /** The answer key: never sent to a learner before they submit (see quiz-answer-key.ts). */
  @Column('text', { name: 'correct_choice_ids', array: true })
  correctChoiceIds: string[];

  @Column('text', { name: 'accepted_answers', array: true })
  acceptedAnswers: string[];

  @Column('text', { nullable: true })
  explanation: string | null;

  /** Set when the creator took the question out; attempts already graded against it keep it. */
  @Column('timestamptz', { name: 'removed_at', nullable: true })
  removedAt: Date | null;
}

@Entity('quiz_attempts')
export class QuizAttemptEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'lesson_id' })
  lessonId: string;

  @Column('uuid', { name: 'enrollment_id' })
  enrollmentId: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text', { name: 'client_attempt_id' })
  clientAttemptId: string;

  @Column('int', { name: 'attempt_number' })
  attemptNumber: number;

  /** What was answered, hashed: a replay with other answers under the same client id is a conflict. */
  @Column('text', { name: 'answers_digest' })
  answersDigest: string;

  @Column('int')
  score: number;

  @Column('int', { name: 'max_score' })
  maxScore: number;

  @Column('boolean')
  passed: boolean;

  @Column('timestamptz', { name: 'submitted_at' })
  submittedAt: Date;
}
