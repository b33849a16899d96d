// A customer of one suite's own with a delivered, card-paid order: a return changes it, so the demo orders stay untouched.
import type { Pool } from 'pg';
import { importData } from '../../activities/commerce/import';

export interface ReturnableOrder {
  customerId: string;
  paymentMethodId: string;
  orderId: string;
}

/** `prefix` (two letters) keeps each suite's ids apart; `run` keeps repeated runs on one database apart. */
export async function importReturnableOrder(
  db: Pool,
  { prefix, name, run }: { prefix: string; name: string; run: string },
): Promise<ReturnableOrder> {
  const customerId = `C-${prefix}-${run}`;
  const paymentMethodId = `PM-${prefix}-${run}`;
  const orderId = `${prefix}${run}1`;
  const placed = new Date(Date.now() - 6 * 86_400_000).toISOString();
  // Letters only in the email's local part, so no digit run reads as a phone or order number.
  const handle = `${name.toLowerCase().replace(/\W+/g, '.')}.${run.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!)}`;
  await importData(db, {
    customers: [
      {
        id: customerId,
        name,
        email: `${handle}@example.com`,
        paymentMethods: [{ id: paymentMethodId, kind: 'card', brand: 'visa', last4: '4242' }],
      },
    ],
    orders: [
      {
        id: orderId,
        customerId,
        placedAt: placed,
        status: 'delivered',
        currency: 'USD',
        items: [{ sku: 'BP-CMT-01', quantity: 1, unitPrice: 69, options: { colour: 'grey' } }],
        payments: [
          {
            id: `PAY-${orderId}`,
            kind: 'payment',
            methodId: paymentMethodId,
            methodKind: 'card',
            amount: 69,
            reference: `pi_3${prefix}${run}`,
            at: placed,
          },
        ],
      },
    ],
    shipments: [
      {
        id: `S-${orderId}`,
        orderId,
        carrier: 'UPS',
        trackingNumber: `1Z${prefix}${run}`,
        status: 'delivered',
        events: [
          {
            at: new Date(Date.now() - 4 * 86_400_000).toISOString(),
            status: 'delivered',
            description: 'Delivered',
          },
        ],
      },
    ],
  });
  return { customerId, paymentMethodId, orderId };
}
