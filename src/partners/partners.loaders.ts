import DataLoader from 'dataloader';
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

export const apiKeysByPartnerId = defineLoader((ctx) =>
  new DataLoader<string, ApiKeyEntity[]>(async (ids) => {
    const rows = await ctx.db.getRepository(ApiKeyEntity).find({ where: { partnerId: In([...ids]) }, order: { createdAt: 'ASC' } });
    return manyByKey(rows, ids, (row) => row.partnerId);
  }));

export const webhookEndpointsByPartnerId = defineLoader((ctx) =>
  new DataLoader<string, WebhookEndpointEntity[]>(async (ids) => {
    const rows = await ctx.db.getRepository(WebhookEndpointEntity).find({ where: { partnerId: In([...ids]) }, order: { createdAt: 'ASC' } });
    return manyByKey(rows, ids, (row) => row.partnerId);
  }));

export const courseIdsByOrganizationId = defineLoader((ctx) =>
  new DataLoader<string, string[]>(async (ids) => {
    const rows: Array<{ organization_id: string; course_id: string }> = await ctx.db.query(
      'SELECT organization_id, course_id FROM organization_courses WHERE organization_id = ANY($1) ORDER BY course_id', [[...ids]]);
    return manyByKey(rows, ids, (row) => row.organization_id).map((list) => list.map((row) => row.course_id));
  }));
