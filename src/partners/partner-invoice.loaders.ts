import { defineLoader } from '../kernel/context';
import { RequestLoader } from '../kernel/request-loader';
import { manyByKey } from '../common/loader-results';
import { uniqueRowLoader } from '../db/row-loaders';
import { PartnerInvoiceEntity, PartnerInvoicePaymentEntity } from './partner-invoice.entity';

export const invoiceById = uniqueRowLoader(PartnerInvoiceEntity, 'id');

export const paymentsByInvoiceId = defineLoader(
  (ctx) =>
    new RequestLoader<string, PartnerInvoicePaymentEntity[]>(async (ids) => {
      const rows = await ctx.db
        .getRepository(PartnerInvoicePaymentEntity)
        .createQueryBuilder('p')
        .where('p.invoice_id IN (:...ids)', { ids })
        .orderBy('p.created_at')
        .addOrderBy('p.id')
        .getMany();
      return manyByKey(rows, ids, (p) => p.invoiceId);
    }),
);
