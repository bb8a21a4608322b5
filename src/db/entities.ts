import { CategoryEntity } from '../catalog/category.entity';
import { CourseEntity } from '../catalog/course.entity';
import { CreatorEntity } from '../catalog/creator.entity';
import { LessonEntity } from '../catalog/lesson.entity';
import { SectionEntity } from '../catalog/section.entity';
import { MembershipPlanEntity } from '../commerce/membership-plan.entity';
import { ReviewEntity } from '../community/review.entity';
import { ProfileEntity } from '../identity/profile.entity';
import { UserEntity } from '../identity/user.entity';
import { EnrollmentEntity } from '../learning/enrollment.entity';
import { MlModelEntity } from '../ml/ml-model.entity';
import { PriceImpressionEntity, PurchaseOutcomeEntity } from '../ml/pricing/price-impression.entity';

export const entities = [
  UserEntity, ProfileEntity, CreatorEntity, CategoryEntity, CourseEntity, SectionEntity, LessonEntity,
  EnrollmentEntity, ReviewEntity, MembershipPlanEntity,
  MlModelEntity, PriceImpressionEntity, PurchaseOutcomeEntity,
];
