import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { ModerationCaseEntity } from '../moderation/moderation-case.entity';
import { CategoryEntity } from '../catalog/category.entity';
import { CourseEntity } from '../catalog/course.entity';
import { CreatorEntity } from '../catalog/creator.entity';
import { LessonEntity } from '../catalog/lesson.entity';
import { SectionEntity } from '../catalog/section.entity';
import { CouponEntity } from '../commerce/coupon.entity';
import { MembershipPlanEntity } from '../commerce/membership-plan.entity';
import { MembershipEntity } from '../commerce/membership.entity';
import { OrderEntity, OrderLineEntity } from '../commerce/order.entity';
import { BillingCustomerEntity, PaymentEntity } from '../commerce/payment.entity';
import { RefundEntity } from '../commerce/refund.entity';
import { TipEntity } from '../commerce/tip.entity';
import { ReviewEntity } from '../community/review.entity';
import { ChatMessageEntity } from '../community/chat-message.entity';
import { CommentEntity } from '../community/comment.entity';
import { ProfileEntity } from '../identity/profile.entity';
import { UserEntity } from '../identity/user.entity';
import { EnrollmentEntity } from '../learning/enrollment.entity';
import { CertificateEntity } from '../learning/certificate.entity';
import { LiveSessionEntity } from '../learning/live-session.entity';
import { QuizAttemptEntity, QuizEntity, QuizQuestionEntity } from '../learning/quiz.entity';
import { MlModelEntity } from '../ml/ml-model.entity';
import { PriceImpressionEntity, PurchaseOutcomeEntity } from '../ml/pricing/price-impression.entity';
import { ApiKeyEntity } from '../partners/api-key.entity';
import { OrganizationEntity } from '../partners/organization.entity';
import { PartnerEntity } from '../partners/partner.entity';
import { WebhookEndpointEntity } from '../partners/webhook-endpoint.entity';
import { WebhookDeliveryAttemptEntity, WebhookDeliveryEntity, WebhookEventEntity } from '../partners/webhook-delivery.entity';

import { CreatorPayoutEntity, CreatorStatementEntity } from '../commerce/creator-statement.entity';
import { PartnerInvoiceEntity, PartnerInvoicePaymentEntity } from '../partners/partner-invoice.entity';
export const entities = [
  UserEntity,
  ProfileEntity,
  CreatorEntity,
  CategoryEntity,
  CourseEntity,
  SectionEntity,
  LessonEntity,
  EnrollmentEntity,
  ReviewEntity,
  MembershipPlanEntity,
  OrderEntity,
  OrderLineEntity,
  PaymentEntity,
  BillingCustomerEntity,
  CouponEntity,
  MembershipEntity,
  TipEntity,
  RefundEntity,
  CertificateEntity,
  CommentEntity,
  ChatMessageEntity,
  QuizEntity,
  QuizQuestionEntity,
  QuizAttemptEntity,
  LiveSessionEntity,
  MlModelEntity,
  PriceImpressionEntity,
  PurchaseOutcomeEntity,
  AuditEntryEntity,
  ModerationCaseEntity,
  CreatorStatementEntity,
  CreatorPayoutEntity,
  PartnerInvoiceEntity,
  PartnerInvoicePaymentEntity,
  PartnerEntity,
  ApiKeyEntity,
  OrganizationEntity,
  WebhookEndpointEntity,
  WebhookEventEntity,
  WebhookDeliveryEntity,
  WebhookDeliveryAttemptEntity,
];
