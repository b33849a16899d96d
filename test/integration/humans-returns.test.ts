// A half-finished return handed to a human and back: the bot resumes at the step it was at and the return completes.
import { randomInt } from 'node:crypto';
import { importData } from '../../activities/commerce/import';
import { createApiKey } from '../../activities/platform/api-keys';
import { latestCode } from '../helpers/outbox';
import { startKefuStack, type KefuStack } from '../helpers/stack';

let kefu: KefuStack;
let agentKey: string;
const run = String(randomInt(100_000, 999_999));
const orderId = `HR${run}1`;
/** Letters for the run's digits: six digits in an email would read as a one-time code. */
const email = `hana.${[...run].map((d) => String.fromCharCode(97 + Number(d))).join('')}@example.com`;

beforeAll(async () => {
  kefu = await startKefuStack();
  agentKey = (await createApiKey(kefu.db, 'agent', 'Li Lei')).key;
  const placed = new Date(Date.now() - 8 * 86_400_000).toISOString();
  // An order of this suite only: a return changes it, so the shared demo orders stay untouched.
  await importData(kefu.db, {
    customers: [
      {
        id: `C-HR-${run}`,
        name: 'Hana Reyes',
        email,
        locale: 'en',
        paymentMethods: [
          { id: `PM-HR-${run}`, kind: 'card', brand: 'visa', last4: '4242' },
          { id: `PM-HRC-${run}`, kind: 'store_credit', balance: 0, currency: 'USD' },
        ],
      },
    ],
    orders: [
      {
        id: orderId,
        customerId: `C-HR-${run}`,
        placedAt: placed,
        status: 'delivered',
        currency: 'USD',
        items: [
          { sku: 'HP-AIR-01', quantity: 1, unitPrice: 79.99, options: { colour: 'blue' } },
          { sku: 'KT-ELC-17', quantity: 1, unitPrice: 39.99, options: { colour: 'white' } },
        ],
        payments: [
          {
            id: `PAY-${orderId}`,
            kind: 'payment',
            methodId: `PM-HR-${run}`,
            methodKind: 'card',
            amount: 119.98,
            reference: `pi_3Hr${run}`,
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
        trackingNumber: `1ZHR${run}`,
        status: 'delivered',
        events: [
          {
            at: new Date(Date.now() - 5 * 86_400_000).toISOString(),
            status: 'delivered',
            description: 'Delivered',
          },
        ],
      },
    ],
  });
});

afterAll(async () => {
  await kefu?.stop();
});

interface Turn {
  said: string;
  case: { status: string; flow: string | null; slots: Record<string, unknown> };
}

const CASE = 'case { status flow slots }';

test('hand-back mid-return: no question about the order, identity or items again, and the return is confirmed', async () => {
  const started = await kefu.gql<{ startCase: { token: string; case: { id: string } } }>(
    'mutation { startCase(input: { locale: "en" }) { token case { id } } }',
  );
  const { token, case: c } = started.data!.startCase;
  const send = async (text: string): Promise<Turn> => {
    const res = await kefu.gql<{ sendMessage: { replies: { text: string }[]; case: Turn['case'] } }>(
      `mutation($id: ID!, $text: String!) { sendMessage(caseId: $id, text: $text) { replies { text } ${CASE} } }`,
      { id: c.id, text },
      token,
    );
    expect(res.errors).toBeUndefined();
    const sent = res.data!.sendMessage;
    return { said: sent.replies.map((r) => r.text).join('\n'), case: sent.case };
  };

  let turn = await send(`I want to return order ${orderId}`);
  if (/Just to be sure/.test(turn.said)) turn = await send(`yes, I want to return order ${orderId}`);
  if (!/6-digit code/.test(turn.said)) expect((turn = await send(email)).said).toMatch(/6-digit code/);
  const verified = await send(await latestCode(kefu, c.id, agentKey));
  expect(verified.said).toMatch(/you're verified/);
  expect(verified.said).toMatch(/1\. AirBeat Wireless Earbuds \(blue\)\n2\. Electric Kettle 1\.7L \(white\)/);
  expect((await send('both of them')).said).toMatch(/May I ask why/);
  expect((await send('skip')).said).toMatch(/store credit/);
  const summary = await send('store credit please');
  expect(summary.said).toMatch(
    /return AirBeat Wireless Earbuds, Electric Kettle 1\.7L .*refunding \$119\.98 to store credit/,
  );

  const escalated = await send('actually, can I talk to a real person first?');
  expect(escalated.case.status).toBe('ESCALATED');
  const taken = await kefu.gql<{ takeOverCase: { status: string } }>(
    'mutation($id: ID!) { takeOverCase(caseId: $id) { status } }',
    { id: c.id },
    agentKey,
  );
  expect(taken.data?.takeOverCase.status).toBe('WITH_HUMAN');
  const human = await kefu.gql(
    'mutation($id: ID!, $text: String!) { sendAgentMessage(caseId: $id, text: $text) { case { status } } }',
    { id: c.id, text: 'Hi, Li Lei here. Store credit arrives as soon as the parcel is back.' },
    agentKey,
  );
  expect(human.errors).toBeUndefined();
  const back = await kefu.gql<{ handBackCase: { messages: { text: string }[]; case: Turn['case'] } }>(
    `mutation($id: ID!, $note: String!) { handBackCase(caseId: $id, note: $note) { messages { text } ${CASE} } }`,
    { id: c.id, note: 'explained store credit; bot can finish the return' },
    agentKey,
  );
  expect(back.errors).toBeUndefined();
  const botSays = back.data!.handBackCase.messages.map((m) => m.text).join('\n');
  // The step it was at: the summary waiting for a yes, with every item and the refund method kept.
  expect(botSays).toMatch(
    /return AirBeat Wireless Earbuds, Electric Kettle 1\.7L .*refunding \$119\.98 to store credit/,
  );
  expect(botSays).not.toMatch(/order number|email address|6-digit code|Which item|May I ask why/);
  expect(back.data!.handBackCase.case.status).toBe('WAITING_CUSTOMER');

  const done = await send('yes');
  expect(done.said).toMatch(/RMA-[A-Z0-9]+/);
  expect(done.case.status).toBe('WAITING_EVENT');
});
