import 'reflect-metadata';
import { GraphQLSchema, isAbstractType } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { withDirectFieldResolvers } from './direct-resolvers';
import { buildSchema, type BuildSchemaOptions, type ContainerType } from 'type-graphql';
import { MUTATION_ERRORS } from '../common/mutation-errors';
import { AuditEntryResolver } from '../audit/audit.resolver';
import { AdminDashboardResolver } from '../admin/admin-dashboard.resolver';
import { AdminListingsResolver } from '../admin/admin-listings.resolver';
import { AdminUsersResolver } from '../admin/admin-users.resolver';
import { ModerationCaseResolver } from '../moderation/moderation.resolver';
import { CategoryResolver } from '../catalog/category.resolver';
import { CourseResolver } from '../catalog/course.resolver';
import { CreatorResolver, ViewerCreatorResolver } from '../catalog/creator.resolver';
import { LessonResolver, SectionResolver } from '../catalog/lesson.resolver';
import { CurriculumResolver } from '../catalog/curriculum.resolver';
import { CouponResolver } from '../commerce/coupon.resolver';
import { CreatorStatsResolver } from '../commerce/creator-stats.resolver';
import { CreatorPayoutResolver, CreatorStatementResolver, CreatorStatementsResolver } from '../commerce/creator-statement.resolver';
import { MembershipResolver, ViewerMembershipsResolver } from '../commerce/membership.resolver';
import { CreatorPlansResolver, MembershipPlanResolver, OfferResolver } from '../commerce/membership-plan.resolver';
import { OrderLineResolver, OrderResolver, ViewerOrdersResolver } from '../commerce/order.resolver';
import { RefundResolver } from '../commerce/refund.resolver';
import { TipResolver } from '../commerce/tip.resolver';
import { CreatorTipsResolver, ViewerTipsResolver } from '../commerce/tip-lists.resolver';
import { RoleAuthChecker } from '../common/auth-checker';
import { NodeResolver, nodeTypeNameOf } from '../common/node';
import { CourseReviewsResolver, ReviewResolver } from '../community/review.resolver';
import { ChatMessageResolver, ChatRoomResolver, CourseChatRoomResolver } from '../community/chat.resolver';
import { CommentResolver, CourseCommentsResolver, LessonCommentsResolver } from '../community/comment.resolver';
import { IdentityMutations, ProfileResolver, UserResolver, ViewerResolver } from '../identity/identity.resolver';
import { AccountMutations, UserAccountResolver } from '../identity/account.resolver';
import { CourseEnrollmentResolver, EnrollmentResolver, ViewerEnrollmentsResolver } from '../learning/enrollment.resolver';
import { CertificateResolver } from '../learning/certificate.resolver';
import { CourseAccessResolver, LessonContentResolver } from '../learning/lesson-access.resolver';
import { CourseOffersResolver } from '../commerce/course-offers.resolver';
import { ProgressResolver } from '../learning/progress.resolver';
import { LessonQuizResolver, QuizAttemptResolver, QuizQuestionResolver, QuizResolver } from '../learning/quiz.resolver';
import { CourseQuizStatsResolver, EnrollmentQuizResolver } from '../learning/quiz-stats.resolver';
import { LessonLiveSessionResolver, LiveSessionResolver } from '../learning/live-session.resolver';
import { subscriptionsOwnPubSub } from '../realtime/subscription-events';
import { PricingSuggestionResolver } from '../ml/pricing/pricing-suggestion.resolver';
import { RecommendationResolver, SimilarCoursesResolver, ViewerRecommendationsResolver } from '../ml/recommend/recommendation.resolver';
import { PaletteResolver } from '../palette/palette.resolver';
import { OrganizationResolver } from '../partners/organization.resolver';
import { ApiKeyResolver, PartnerResolver } from '../partners/partner.resolver';
import { InvoicePaymentResolver, PartnerInvoiceResolver, PartnerInvoicesResolver } from '../partners/partner-invoice.resolver';
import { PartnerSaleResolver } from '../partners/partner-sale.resolver';
import { PartnerWebhooksResolver, WebhookDeliveryResolver, WebhookEndpointResolver } from '../partners/webhook.resolver';
import { OfferWholesalePriceResolver } from '../partners/wholesale-price';

export const resolvers = [
  NodeResolver,
  UserResolver,
  ProfileResolver,
  ViewerResolver,
  IdentityMutations,
  UserAccountResolver,
  AccountMutations,
  CourseResolver,
  CategoryResolver,
  CreatorResolver,
  ViewerCreatorResolver,
  SectionResolver,
  LessonResolver,
  CurriculumResolver,
  MembershipPlanResolver,
  OfferResolver,
  CreatorPlansResolver,
  OrderResolver,
  OrderLineResolver,
  ViewerOrdersResolver,
  MembershipResolver,
  ViewerMembershipsResolver,
  TipResolver,
  CreatorTipsResolver,
  ViewerTipsResolver,
  RefundResolver,
  CouponResolver,
  CreatorStatsResolver,
  CreatorStatementsResolver,
  CreatorStatementResolver,
  CreatorPayoutResolver,
  EnrollmentResolver,
  CourseEnrollmentResolver,
  ViewerEnrollmentsResolver,
  LessonContentResolver,
  CourseAccessResolver,
  CourseOffersResolver,
  ReviewResolver,
  CourseReviewsResolver,
  ProgressResolver,
  CertificateResolver,
  LessonQuizResolver,
  QuizResolver,
  QuizQuestionResolver,
  QuizAttemptResolver,
  CourseQuizStatsResolver,
  EnrollmentQuizResolver,
  LessonLiveSessionResolver,
  LiveSessionResolver,
  CommentResolver,
  CourseCommentsResolver,
  LessonCommentsResolver,
  ChatRoomResolver,
  ChatMessageResolver,
  CourseChatRoomResolver,
  PaletteResolver,
  RecommendationResolver,
  ViewerRecommendationsResolver,
  SimilarCoursesResolver,
  PricingSuggestionResolver,
  PartnerResolver,
  ApiKeyResolver,
  PartnerInvoicesResolver,
  PartnerInvoiceResolver,
  InvoicePaymentResolver,
  OfferWholesalePriceResolver,
  PartnerSaleResolver,
  OrganizationResolver,
  PartnerWebhooksResolver,
  WebhookEndpointResolver,
  WebhookDeliveryResolver,
  AdminUsersResolver,
  AdminListingsResolver,
  AdminDashboardResolver,
  AuditEntryResolver,
  ModerationCaseResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/**
 * One instance per resolver class, found by a map lookup. type-graphql's default container searches a list of every
 * resolver class it has made, on every field it resolves (a catalog page resolves ~1,500).
 */
const resolverInstances = new Map<new () => object, object>();
function resolverInstance(someClass: new () => object): object {
  let instance = resolverInstances.get(someClass);
  if (!instance) resolverInstances.set(someClass, (instance = new someClass()));
  return instance;
}
const resolverContainer: ContainerType = { get: resolverInstance };

/** The schema is built once per process from the resolver classes (code-first). */
export function knowpaySchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [...resolvers] as unknown as BuildSchemaOptions['resolvers'],
    authChecker: RoleAuthChecker,
    container: resolverContainer,
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    emitSchemaFile: false,
    pubSub: subscriptionsOwnPubSub,
  })
    .then(withErrorCodes)
    .then(withSyncTypeResolution)
    .then((schema) => {
      withDirectFieldResolvers(schema, resolverInstance);
      return schema;
    });
  return built;
}

/** Each mutation's description ends with the codes its payload's `errors` may carry, from the one table (common/mutation-errors.ts). */
function withErrorCodes(schema: GraphQLSchema): GraphQLSchema {
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    const codes = MUTATION_ERRORS[field.name];
    if (!codes) continue; // test/server/schema.test.ts fails for a mutation without an entry
    const listed = codes.length ? codes.map((code) => `\`${code}\``).join(', ') : 'none';
    field.description = `${field.description ? `${field.description}\n\n` : ''}Errors: ${listed}.`;
  }
  return schema;
}

/**
 * type-graphql wraps a type resolver in an async function; graphql-jit (compiled execution) calls type resolvers
 * synchronously and cannot await one. Node is the schema's one abstract type: it resolves synchronously here.
 */
function withSyncTypeResolution(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isAbstractType(type) || type.name.startsWith('__')) continue;
    if (type.name !== 'Node') throw new Error(`abstract type ${type.name} needs a synchronous type resolver for compiled execution`);
    type.resolveType = (value: object) => nodeTypeNameOf(value);
  }
  return schema;
}
