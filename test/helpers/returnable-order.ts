// A customer of one suite's own with a delivered, card-paid order (a return changes it, so the demo orders stay untouched), and the return of it to the card that the crash and restart tests share.
import type { Pool } from 'pg';
import { importData } from '../../activities/commerce/import';
import { eventually, type KefuStack } from './stack';
import type { StripeCounter } from './stripe-counter';

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

/**
 * On a signed-in channel (the customer starts verified) the customer asks to return the order, gives no reason,
 * takes the refund to the card and says yes: the case, its token, the RMA and the case's status after the yes.
 */
export async function returnToCard(
  kefu: KefuStack,
  order: ReturnableOrder,
  agentKey: string,
): Promise<{ caseId: string; token: string; rmaId: string; status: string }> {
  const started = await kefu.gql<{ startCase: { token: string; case: { id: string } } }>(
    'mutation($id: ID!) { startCase(input: { customer: { id: $id } }) { token case { id } } }',
    { id: order.customerId },
    agentKey,
  );
  const { token, case: c } = started.data!.startCase;
  const send = async (text: string) => {
    const res = await kefu.gql<{ sendMessage: { replies: { text: string }[]; case: { status: string } } }>(
      'mutation($id: ID!, $text: String!) { sendMessage(caseId: $id, text: $text) { replies { text } case { status } } }',
      { id: c.id, text },
      token,
    );
    expect(res.errors).toBeUndefined();
    const sent = res.data!.sendMessage;
    return { said: sent.replies.map((r) => r.text).join('\n'), status: sent.case.status };
  };
  let turn = await send(`I want to return order ${order.orderId}`);
  if (/Just to be sure/.test(turn.said)) turn = await send(`yes, I want to return order ${order.orderId}`);
  expect(turn.said).toMatch(/May I ask why/);
  await send('skip');
  expect((await send('to my card')).said).toMatch(/refunding \$69\.00 to Visa ending 4242/);
  const done = await send('yes');
  return { caseId: c.id, token, rmaId: /RMA-[A-Z0-9]+/.exec(done.said)![0], status: done.status };
}

/** The return is refunded exactly once: one money row, succeeded, and one request to Stripe under its key. */
export async function expectRefundedOnce(
  kefu: KefuStack,
  stripe: StripeCounter,
  rmaId: string,
  order: ReturnableOrder,
): Promise<void> {
  const refunded = await eventually(
    () =>
      kefu.db.query<{ business_key: string; status: string; amount_cents: string }>(
        `SELECT business_key, status, amount_cents::text FROM money_movements WHERE business_key LIKE $1`,
        [`${rmaId}:%`],
      ),
    (r) => r.rows[0]?.status === 'succeeded',
    30_000,
  );
  const key = `${rmaId}:refund:${order.paymentMethodId}`;
  expect(refunded.rows).toEqual([{ business_key: key, status: 'succeeded', amount_cents: '6900' }]);
  expect(stripe.requestsFor(key)).toBe(1);
}

/** Waits until the customer's transcript tells them about the refund. */
export async function awaitRefundMessage(kefu: KefuStack, caseId: string, token: string): Promise<void> {
  const message = await eventually(
    () =>
      kefu.gql<{ case: { messages: { edges: { node: { text: string } }[] } } }>(
        'query($id: ID!) { case(id: $id) { messages(last: 5) { edges { node { text } } } } }',
        { id: caseId },
        token,
      ),
    (r) => r.data?.case.messages.edges.some((e) => /refund of \$69\.00/.test(e.node.text)) ?? false,
    30_000,
  );
  expect(message.errors).toBeUndefined();
}
