/**
 * How domains react to each other: a domain announces what happened with
 * `tx.emit(event)` inside the transaction that made it happen, and other
 * domains register handlers for it, in two kinds:
 *
 * - in-transaction: work that must commit with the change or not at all
 *   (outbox rows such as partner webhooks and mail, purchase outcomes,
 *   enrollments granted by a purchase). They run inside `emit`, with the same
 *   transaction; a failure rolls the whole change back.
 * - after-commit: what may only happen once the change is durable and must
 *   never be seen for a rolled-back one (pub/sub to subscriptions, cache
 *   invalidation). A failure is logged; the change stands.
 *
 * The emitting domain imports only these types; it never learns who listens.
 * Handlers register once, at module load, from each domain's `*.handlers.ts`
 * (the composition root imports them all: src/server/event-handlers.ts).
 */
export type DomainEvent =
  /** An order's money arrived (or a partner owes it): learning grants what it bought, ml learns the conversion, commerce renews a membership, partners grow a seat pool. */
  | {
      type: 'OrderPaid';
      orderId: string;
      kind: string;
      buyerId: string | null;
      partnerId: string | null;
      organizationId: string | null;
      membershipId: string | null;
      currency: string;
      lines: Array<{ courseId: string | null; planId: string | null; unitAmount: number; quantity: number }>;
    }
  | { type: 'OrderPaymentFailed'; orderId: string; membershipId: string | null; reason: string }
  /** A checkout priced its cart: the prices the buyer was shown at the till (pricing evidence). */
  | { type: 'CheckoutPriced'; orderId: string; buyerId: string; currency: string; lines: Array<{ courseId: string; unitAmount: number }> }
  /** A refund was paid back: on a full refund learning takes back the access the order granted; partners hear of it and shrink a refunded seat pool. */
  | {
      type: 'RefundSettled';
      refundId: string;
      orderId: string;
      kind: string;
      buyerId: string | null;
      partnerId: string | null;
      organizationId: string | null;
      amount: number;
      currency: string;
      orderFullyRefunded: boolean;
      courseIds: string[];
      packSeats: number;
    }
  | { type: 'TipPaid'; tipId: string; creatorId: string; fromUserId: string; amount: number; currency: string }
  | { type: 'MembershipPeriodPaid'; membershipId: string; userId: string; planId: string; periodEnd: string }
  | { type: 'MembershipLapsed'; membershipId: string; userId: string; planId: string; status: string }
  | {
      type: 'EnrollmentGranted';
      enrollmentId: string;
      userId: string;
      courseId: string;
      source: string;
      partnerId: string | null;
      organizationId: string | null;
    }
  | { type: 'EnrollmentRevoked'; userId: string; courseId: string; source: string }
  | { type: 'ProgressRecorded'; enrollmentId: string; userId: string; courseId: string; lessonId: string; at: string }
  | { type: 'LessonCompleted'; enrollmentId: string; userId: string; courseId: string; lessonId: string }
  | { type: 'CourseCompleted'; enrollmentId: string; userId: string; courseId: string }
  /** Something a course's public page shows changed outside its editor (its rating): cached pages showing it are dropped. */
  | { type: 'CourseChanged'; courseId: string }
  /** A visitor (user, API key or client address) was shown a course's price; announced by reads, outside any transaction. */
  | { type: 'PriceShown'; courseId: string; userId: string | null; visitor: string; amount: number; currency: string; context: 'QUOTE' | 'COURSE_PAGE' }
  /** New or changed text that a human should look at (held, or published on a low-confidence score): moderation opens its case in the same transaction. */
  | {
      type: 'ContentScreened';
      contentKind: string;
      contentId: string;
      authorId: string;
      excerpt: string;
      score: { label: string; scores: Record<string, number>; modelVersion: string } | null;
      held: boolean;
      badScore: number;
      reason: string;
    }
  | { type: 'ContentDecided'; caseId: string; contentKind: string; contentId: string; authorId: string | null; action: string }
  | { type: 'UserBanned'; userId: string }
  | { type: 'UserUnbanned'; userId: string }
  /** The owner deleted their account (anonymized in place): the audit log records it. */
  | { type: 'AccountDeleted'; userId: string }
  /**
   * A course's content or curriculum was edited (a lesson updated, moved, archived, a section's release changed, …).
   * `change` is the audit action (lesson.update, section.delete, …); `curriculumChanged` when the set of lessons
   * that count toward completion changed, so progress and certificates are settled again.
   */
  | {
      type: 'CourseEdited';
      courseId: string;
      actorId: string;
      change: string;
      subjectType: 'Course' | 'Section' | 'Lesson' | 'Category';
      subjectId: string;
      data: Record<string, unknown>;
      curriculumChanged: boolean;
    }
  | { type: 'CategoryChanged'; categoryId: string; actorId: string; change: string; data: Record<string, unknown> }
  | {
      type: 'QuizAttemptGraded';
      attemptId: string;
      enrollmentId: string;
      userId: string;
      courseId: string;
      lessonId: string;
      score: number;
      maxScore: number;
      passed: boolean;
      at: string;
    }
  /** A live session opens its join link (LIVE_JOIN_WINDOW_MINUTES before the start): reminders go out (subscription, partner webhooks; mail once it exists). */
  | { type: 'LiveSessionStarting'; lessonId: string; courseId: string; startsAt: string; durationMinutes: number };

export type DomainEventType = DomainEvent['type'];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
