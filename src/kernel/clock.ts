/**
 * What time it is for a piece of work. Services stamp the moments that
 * matter to money (an order placed and paid, a journal posted, a tip paid,
 * a refund settled) with `nowFor(services)`: the wall clock, unless the
 * services carry a `clock`. The demo seeder sets one to replay ninety days
 * of history through the same code a client's requests run; a test can
 * set one to look at a day that is not today.
 */
export type Clock = () => Date;

export function nowFor(services: { clock?: Clock }): Date {
  return services.clock ? services.clock() : new Date();
}
