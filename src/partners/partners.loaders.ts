import { RequestLoader } from '../kernel/request-loader';
import { In } from 'typeorm';
import { manyByKey } from '../common/loader-results';
import { uniqueRowLoader } from '../db/row-loaders';
import { defineLoader } from '../kernel/context';
import { ApiKeyEntity } from './api-key.entity';
import { OrganizationEntity } from './organization.entity';
import { PartnerEntity } from './partner.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

export const partnerById = uniqueRowLoader(PartnerEntity, 'id');
export const organizationById = uniqueRowLoader(OrganizationEntity, 'id');

export const apiKeysByPartnerId = defineLoader(
  (ctx) =>
    new RequestLoader<string, ApiKeyEntity[]>(async (ids) => {
      const rows = await ctx.db.getRepository(ApiKeyEntity).find({ where: { partnerId: In([...ids]) }, order: { createdAt: 'ASC' } });
      return manyByKey(rows, ids, (row) => row.partnerId);
    }),
);

export const webhookEndpointsByPartnerId = defineLoader(
  (ctx) =>
    new RequestLoader<string, WebhookEndpointEntity[]>(async (ids) => {
      const rows = await ctx.db.getRepository(WebhookEndpointEntity).find({ where: { partnerId: In([...ids]) }, order: { createdAt: 'ASC' } });
      return manyByKey(rows, ids, (row) => row.partnerId);
    }),
);

export const courseIdsByOrganizationId = defineLoader(
  (ctx) =>
    new RequestLoader<string, string[]>(async (ids) => {
      const rows: Array<{ organization_id: string; course_id: string }> = await ctx.db.query(
        'SELECT organization_id, course_id FROM organization_courses WHERE organization_id = ANY($1) ORDER BY course_id',
        [[...ids]],
      );
      return manyByKey(rows, ids, (row) => row.organization_id).map((list) => list.map((row) => row.course_id));
    }),
);

/** What each organization's seat packs cost, net of refunds, per currency (exact: sums are strings). */
export const spentByOrganizationId = defineLoader(
  (ctx) =>
    new RequestLoader<string, Array<{ currency: string; total: string }>>(async (ids) => {
      const rows: Array<{ organization_id: string; currency: string; total: string }> = await ctx.db.query(
        `SELECT organization_id, currency, sum(total_amount - refunded_amount)::text AS total FROM orders
        WHERE organization_id = ANY($1) AND status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
        GROUP BY organization_id, currency ORDER BY currency`,
        [[...ids]],
      );
      return manyByKey(rows, ids, (row) => row.organization_id);
    }),
);
