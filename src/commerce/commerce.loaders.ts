import { RequestLoader } from '../kernel/request-loader';
import { In } from 'typeorm';
import { manyByKey, oneByKey } from '../common/loader-results';
import { uniqueRowLoader } from '../db/row-loaders';
import { defineLoader } from '../kernel/context';
import { CouponEntity } from './coupon.entity';
import { OrderEntity, OrderLineEntity } from './order.entity';
import { PaymentEntity } from './payment.entity';
import { RefundEntity } from './refund.entity';
import { TipEntity } from './tip.entity';

export const orderById = uniqueRowLoader(OrderEntity, 'id');
export const tipById = uniqueRowLoader(TipEntity, 'id');
export const refundById = uniqueRowLoader(RefundEntity, 'id');
export const couponById = uniqueRowLoader(CouponEntity, 'id');

export const orderLinesByOrderId = defineLoader(
  (ctx) =>
    new RequestLoader<string, OrderLineEntity[]>(async (orderIds) =>
      manyByKey(
        await ctx.db.getRepository(OrderLineEntity).find({ where: { orderId: In([...orderIds]) }, order: { position: 'ASC' } }),
        orderIds,
        (l) => l.orderId,
      ),
    ),
);

/** The latest payment attempt of each order. */
export const latestPaymentByOrderId = defineLoader(
  (ctx) =>
    new RequestLoader<string, PaymentEntity | null>(async (orderIds) => {
      const rows = await ctx.db
        .getRepository(PaymentEntity)
        .createQueryBuilder('p')
        .distinctOn(['p.order_id'])
        .where('p.order_id IN (:...orderIds)', { orderIds })
        .orderBy('p.order_id')
        .addOrderBy('p.created_at', 'DESC')
        .getMany();
      return oneByKey(rows, orderIds, (p) => p.orderId!);
    }),
);

export const paymentByTipId = defineLoader(
  (ctx) =>
    new RequestLoader<string, PaymentEntity | null>(async (tipIds) => {
      const rows = await ctx.db
        .getRepository(PaymentEntity)
        .createQueryBuilder('p')
        .distinctOn(['p.tip_id'])
        .where('p.tip_id IN (:...tipIds)', { tipIds })
        .orderBy('p.tip_id')
        .addOrderBy('p.created_at', 'DESC')
        .getMany();
      return oneByKey(rows, tipIds, (p) => p.tipId!);
    }),
);
