/**
 * How each react-admin resource maps onto the public GraphQL API: the
 * connection field that lists it (with its filter arguments), the node type
 * `node(id)` fetches it as, and the selection the screens show.
 */
export interface ResourceSpec {
  /** Query field returning a cursor connection. */
  listField: string;
  /** GraphQL type of each filter argument the list field takes, by react-admin filter name. */
  filterArgs: Record<string, string>;
  nodeType: string;
  selection: string;
}

const PERSON = 'id profile { handle displayName }';
const MONEY = 'amount currency formatted';

export const RESOURCES: Record<string, ResourceSpec> = {
  moderationCases: {
    listField: 'moderationQueue',
    filterArgs: { status: 'ModerationStatus', contentKind: 'ContentKind' },
    nodeType: 'ModerationCase',
    selection: `id contentKind contentId excerpt status reportCount reasons resolution resolutionNote createdAt resolvedAt
      scores { label score modelVersion } author { ${PERSON} } assignee { ${PERSON} }`,
  },
  auditEntries: {
    listField: 'auditLog',
    filterArgs: { action: 'String', subjectId: 'ID' },
    nodeType: 'AuditEntry',
    selection: `id action subjectType subjectId data at actor { ${PERSON} }`,
  },
  users: {
    listField: 'users',
    filterArgs: { q: 'String', role: 'Role' },
    nodeType: 'User',
    selection: `id email roles bannedAt createdAt profile { handle displayName }`,
  },
  courses: {
    listField: 'adminCourses',
    filterArgs: { q: 'String', status: 'CourseStatus' },
    nodeType: 'Course',
    selection: `id slug title subtitle description status tags enrollmentCount quizPassRate createdAt publishedAt creator { id profile { handle displayName } }`,
  },
  categories: {
    listField: 'adminCategories',
    filterArgs: { includeArchived: 'Boolean' },
    nodeType: 'Category',
    selection: `id slug name nameEn nameZh position archivedAt parent { id slug nameEn }`,
  },
  orders: {
    listField: 'adminOrders',
    filterArgs: { status: 'OrderStatus' },
    nodeType: 'Order',
    selection: `id code status createdAt paidAt total { ${MONEY} } refundedTotal { ${MONEY} } lines { description }
      buyer { id email profile { handle displayName } }`,
  },
  refunds: {
    listField: 'refundRequests',
    filterArgs: { status: 'RefundStatus' },
    nodeType: 'Refund',
    selection: `id status reason createdAt amount { ${MONEY} } order { id code total { ${MONEY} } buyer { id email profile { displayName } } }`,
  },
  creatorStatements: {
    listField: 'creatorStatements',
    filterArgs: { month: 'String' },
    nodeType: 'CreatorStatement',
    selection: `id month currency status createdAt creator { id profile { handle displayName } }
      openingBalance { ${MONEY} } sales { ${MONEY} } memberships { ${MONEY} } tips { ${MONEY} } refunds { ${MONEY} } platformFee { ${MONEY} }
      partnerCommissions { ${MONEY} } payouts { ${MONEY} } closingBalance { ${MONEY} } payout { amount { ${MONEY} } createdAt }`,
  },
  partnerInvoices: {
    listField: 'partnerInvoices',
    filterArgs: { month: 'String' },
    nodeType: 'PartnerInvoice',
    selection: `id number month currency status dueDate createdAt partner { id name }
      previousBalance { ${MONEY} } partnerSales { ${MONEY} } seatPacks { ${MONEY} } refunds { ${MONEY} } paymentsReceived { ${MONEY} }
      amountDue { ${MONEY} } amountPaid { ${MONEY} } payments { reference amount { ${MONEY} } createdAt }`,
  },
  partners: {
    listField: 'partners',
    filterArgs: {},
    nodeType: 'Partner',
    selection: `id name commissionRate apiKeys { id label prefix scopes createdAt lastUsedAt revokedAt }`,
  },
};

/** The API calls the text search argument `query`; react-admin's search box is `q`. */
export const argumentName = (filter: string): string => (filter === 'q' ? 'query' : filter);

export function resourceSpec(resource: string): ResourceSpec {
  const spec = RESOURCES[resource];
  if (!spec) throw new Error(`The admin panel has no resource "${resource}".`);
  return spec;
}
