import type { OrderEntity } from '../commerce/order.entity';
import { toGlobalId } from '../common/global-id';
import type { EnrollmentEntity } from '../learning/enrollment.entity';

/** The `data` of webhook events: global IDs and Money-shaped amounts, like the GraphQL API. */
export function orderData(order: OrderEntity, courseId: string): Record<string, unknown> {
  return {
    id: toGlobalId('Order', order.id),
    code: order.code,
    status: order.status,
    courseId: toGlobalId('Course', courseId),
    externalCustomerRef: order.externalCustomerRef,
    total: { amount: order.totalAmount, currency: order.currency },
    refundedTotal: { amount: order.refundedAmount, currency: order.currency },
    paidAt: order.paidAt?.toISOString() ?? null,
  };
}

export function enrollmentData(
  enrollment: EnrollmentEntity,
  customer: { externalCustomerRef?: string | null; email?: string | null; organizationId?: string | null },
): Record<string, unknown> {
  return {
    id: toGlobalId('Enrollment', enrollment.id),
    courseId: toGlobalId('Course', enrollment.courseId),
    source: enrollment.source,
    externalCustomerRef: customer.externalCustomerRef ?? null,
    email: customer.email ?? null,
    organizationId: customer.organizationId ? toGlobalId('Organization', customer.organizationId) : null,
    completedAt: enrollment.completedAt?.toISOString() ?? null,
  };
}
