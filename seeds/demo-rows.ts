import type { StoredPalette } from '../src/identity/profile.entity';
import type { DemoLanguage } from './demo-course-copy';
import type { DemoLessonKind } from './demo-lesson-copy';

/**
 * Plain rows of the demo data set, one interface per table, fields named as
 * the columns are (camelCase). They are what `generateDemoData` returns and
 * what `seedDemoData` inserts; nothing here touches the database.
 */
export type DemoRole = 'LEARNER' | 'CREATOR' | 'MODERATOR' | 'ADMIN' | 'PARTNER';
export type DemoCourseStatus = 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
export type DemoEnrollmentSource = 'FREE' | 'PURCHASE' | 'MEMBERSHIP' | 'SEAT' | 'PARTNER' | 'GRANT';
export type DemoReviewVisibility = 'VISIBLE' | 'PENDING_REVIEW' | 'REMOVED';

export interface UserRow {
  id: string;
  email: string;
  roles: DemoRole[];
  createdAt: Date;
}

export interface ProfileRow {
  userId: string;
  handle: string;
  displayName: string;
  bio: string | null;
  avatarUrl: string | null;
  interests: string[];
  palette: StoredPalette | null;
  updatedAt: Date;
}

export interface CreatorRow {
  id: string;
  userId: string;
  followerCount: number;
  createdAt: Date;
}

export interface CategoryRow {
  id: string;
  slug: string;
  /** The English name. */
  name: string;
  nameZh: string;
  parentId: string | null;
  position: number;
}

export interface CourseRow {
  id: string;
  slug: string;
  creatorId: string;
  title: string;
  subtitle: string | null;
  description: string;
  coverUrl: string | null;
  language: DemoLanguage;
  tags: string[];
  status: DemoCourseStatus;
  priceAmount: number | null;
  priceCurrency: string | null;
  ratingSum: number;
  ratingCount: number;
  enrollmentCount: number;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CourseCategoryRow {
  courseId: string;
  categoryId: string;
}

export interface SectionRow {
  id: string;
  courseId: string;
  title: string;
  position: number;
  /** Drip: a fixed release moment, or days after enrollment (the dripped demo course uses the latter). */
  releaseAt: Date | null;
  releaseAfterDays: number | null;
  createdAt: Date;
}

export interface LessonRow {
  id: string;
  sectionId: string;
  courseId: string;
  title: string;
  kind: DemoLessonKind;
  /** Within its section, from 1. */
  position: number;
  durationSeconds: number;
  isPreview: boolean;
  body: string | null;
  mediaUrl: string | null;
  createdAt: Date;
}

export interface MembershipPlanRow {
  id: string;
  creatorId: string;
  name: string;
  priceAmount: number;
  priceCurrency: string;
  billingInterval: 'MONTH' | 'YEAR';
  trialDays: number;
  active: boolean;
  createdAt: Date;
}

export interface PlanCourseRow {
  planId: string;
  courseId: string;
}

export interface EnrollmentRow {
  id: string;
  userId: string;
  courseId: string;
  source: DemoEnrollmentSource;
  completedLessonCount: number;
  lastLessonId: string | null;
  lastPositionSeconds: number;
  completedAt: Date | null;
  enrolledAt: Date;
  updatedAt: Date;
}

export interface LessonProgressRow {
  enrollmentId: string;
  lessonId: string;
  positionSeconds: number;
  completedAt: Date | null;
  updatedAt: Date;
}

export interface ReviewRow {
  id: string;
  courseId: string;
  userId: string;
  stars: number;
  body: string | null;
  visibility: DemoReviewVisibility;
  createdAt: Date;
  updatedAt: Date;
}

export interface QuizRow {
  lessonId: string;
  passPercent: number;
  maxAttempts: number | null;
  updatedAt: Date;
}

export interface QuizQuestionRow {
  id: string;
  lessonId: string;
  position: number;
  kind: 'SINGLE_CHOICE' | 'MULTIPLE_CHOICE' | 'SHORT_TEXT';
  prompt: string;
  points: number;
  /** JSON text of [{ id, text }] (bulk inserts send arrays as PostgreSQL arrays, not JSON). */
  choices: string;
  correctChoiceIds: string[];
  acceptedAnswers: string[];
  explanation: string | null;
  createdAt: Date;
}

export interface QuizAttemptRow {
  id: string;
  lessonId: string;
  enrollmentId: string;
  userId: string;
  clientAttemptId: string;
  attemptNumber: number;
  answersDigest: string;
  score: number;
  maxScore: number;
  passed: boolean;
  submittedAt: Date;
}

export interface QuizAnswerRow {
  attemptId: string;
  questionId: string;
  choiceIds: string[];
  textAnswer: string | null;
  correct: boolean;
  pointsAwarded: number;
}

export interface LiveSessionRow {
  lessonId: string;
  startsAt: Date;
  durationMinutes: number;
  timeZone: string;
  joinUrl: string;
  capacity: number | null;
  updatedAt: Date;
}

/** Every table's rows, in an order that satisfies the foreign keys when inserted front to back. */
export interface DemoData {
  users: UserRow[];
  profiles: ProfileRow[];
  creators: CreatorRow[];
  categories: CategoryRow[];
  courses: CourseRow[];
  courseCategories: CourseCategoryRow[];
  sections: SectionRow[];
  lessons: LessonRow[];
  membershipPlans: MembershipPlanRow[];
  planCourses: PlanCourseRow[];
  enrollments: EnrollmentRow[];
  lessonProgress: LessonProgressRow[];
  reviews: ReviewRow[];
  quizzes: QuizRow[];
  quizQuestions: QuizQuestionRow[];
  quizAttempts: QuizAttemptRow[];
  quizAnswers: QuizAnswerRow[];
  liveSessions: LiveSessionRow[];
}
