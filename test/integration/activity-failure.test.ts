// When the database is down: the agent apologises at once and keeps the message exactly once; the API masks what broke.
import pino from 'pino';
import { createPool } from '../../activities/platform/db';
import { startApi } from '../../api/server';
import { postGraphQL } from '../../scripts/lib/graphql-client';
import { getCaseQuery } from '../../workflows/messages';
import { startKefuStack, type KefuStack } from '../helpers/stack';

let kefu: KefuStack;

beforeAll(async () => {
  // The worker's activities talk to a database that does not exist: every lookup fails.
  kefu = await startKefuStack({
    workerDatabaseUrl: 'postgres://postgres@127.0.0.1:5432/kefu_missing_database',
  });
});

afterAll(async () => {
  await kefu?.stop();
});

test('a turn whose lookups keep failing apologises instead of hanging, and a retry does not ask twice', async () => {
  const started = await kefu.gql<{ startCase: { token: string; case: { id: string } } }>(
    'mutation { startCase(input: {}) { token case { id } } }',
  );
  expect(started.errors).toBeUndefined();
  const { token, case: c } = started.data!.startCase;
  const send = () =>
    kefu.gql<{ sendMessage: { replies: { id: string; text: string }[] } }>(
      'mutation($id: ID!) { sendMessage(caseId: $id, text: "Where is my order W1234567?", clientMessageId: "m1") { replies { id text } } }',
      { id: c.id },
      token,
    );

  const first = await send();
  expect(first.errors).toBeUndefined();
  expect(first.data!.sendMessage.replies.map((r) => r.text)).toEqual([
    'Sorry, I can\'t look that up right now. Please try again in a moment, or say "human" to reach a colleague.',
  ]);
  const again = await send();
  expect(again.data!.sendMessage.replies.map((r) => r.id)).toEqual(
    first.data!.sendMessage.replies.map((r) => r.id),
  );

  const view = await kefu.temporal.workflow.getHandle(c.id).query(getCaseQuery);
  expect(view.recentMessages.filter((m) => m.role === 'CUSTOMER')).toHaveLength(1);
  expect(view.status).toBe('OPEN');
});

test('an unexpected failure in the API is masked: a generic message and INTERNAL_SERVER_ERROR, nothing internal', async () => {
  // An API whose database does not exist: startCase fails where it stores the case token.
  const db = createPool('postgres://postgres@127.0.0.1:5432/kefu_missing_database', 1);
  const api = await startApi(
    { config: kefu.config, db, temporal: kefu.temporal },
    pino({ level: 'silent' }),
    0,
  );
  try {
    const res = await postGraphQL(api.graphqlUrl, 'mutation { startCase(input: {}) { token } }');
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: 'Unexpected error.',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      }),
    ]);
    expect(JSON.stringify(res)).not.toMatch(/kefu_missing_database|\s+at /);
  } finally {
    await api.close();
    await db.end();
  }
});
