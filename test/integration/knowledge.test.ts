// The knowledge base through GraphQL: cited answers in zh and en, the other language, and the gap loop to its end.
import path from 'node:path';
import { createApiKey } from '../../activities/platform/api-keys';
import { importKnowledge } from '../../activities/knowledge/import';
import { searchKnowledge } from '../../activities/knowledge/retrieval';
import { createLocalProvider } from '../../activities/nlu/local';
import { subscribe } from '../helpers/sse';
import { startKefuStack, eventually, type KefuStack } from '../helpers/stack';

let kefu: KefuStack;
let adminKey: string;
const llm = createLocalProvider();
const KB_DIR = path.resolve(__dirname, '../../data/knowledge');

beforeAll(async () => {
  kefu = await startKefuStack();
  adminKey = (await createApiKey(kefu.db, 'admin', 'knowledge test')).key;
  await importKnowledge(kefu.db, llm, kefu.config, KB_DIR);
});

afterAll(async () => {
  await kefu?.stop();
});

interface Reply {
  id: string;
  text: string;
  sources: { title: string; ref: string }[];
}

interface Started {
  id: string;
  token: string;
}

async function newCase(): Promise<Started> {
  const res = await kefu.gql<{ startCase: { token: string; case: { id: string } } }>(
    'mutation { startCase(input: { channel: WEB }) { token case { id } } }',
  );
  expect(res.errors).toBeUndefined();
  return { id: res.data!.startCase.case.id, token: res.data!.startCase.token };
}

async function ask(c: Started, text: string): Promise<Reply[]> {
  const res = await kefu.gql<{ sendMessage: { replies: Reply[] } }>(
    `mutation($id: ID!, $text: String!) { sendMessage(caseId: $id, text: $text) { replies { id text sources { title ref } } } }`,
    { id: c.id, text },
    c.token,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.sendMessage.replies;
}

const cited = (replies: Reply[]) => replies.flatMap((r) => r.sources.map((s) => s.ref));
const said = (replies: Reply[]) => replies.map((r) => r.text).join('\n');

describe('import', () => {
  test('importing the same files again changes nothing (content hash)', async () => {
    const again = await importKnowledge(kefu.db, llm, kefu.config, KB_DIR);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: again.files, chunks: 0 });
    expect(again.files).toBeGreaterThanOrEqual(16);
  });

  test('an error code finds its own section first, in both languages', async () => {
    const en = await searchKnowledge(kefu.db, llm, 'E3');
    expect(en[0]?.heading).toMatch(/E3/);
    const zh = await searchKnowledge(kefu.db, llm, '洗碗机显示E3怎么办');
    expect(zh[0]).toMatchObject({ articleId: 'dishwasher-manual-zh' });
    expect(zh[0]?.heading).toMatch(/E3/);
  });
});

describe('answers with citations', () => {
  test('a paraphrased English question gets the passage and its source', async () => {
    const c = await newCase();
    // E1 has no troubleshooting tree, so the troubleshooting flow answers from the manual (E3 is guided step by step).
    const replies = await ask(c, 'My dishwasher shows E1');
    expect(cited(replies)).toEqual(['kb:dishwasher-manual-en']);
    expect(said(replies)).toMatch(/Check that the drain hose is not kinked/);
    expect(replies.at(-1)?.sources[0]?.title).toBe('AquaClean D6 dishwasher: user manual');
    // The source opens for anyone holding the answer.
    const article = await kefu.gql<{ knowledgeArticle: { title: string; body: string } }>(
      'query($id: ID!) { knowledgeArticle(id: $id) { title body } }',
      { id: 'kb:dishwasher-manual-en' },
    );
    expect(article.data?.knowledgeArticle.body).toMatch(/E3: water does not heat/);
  });

  test('Chinese questions are answered from the Chinese articles', async () => {
    const c = await newCase();
    const refund = await ask(c, '退款多久能到账？');
    expect(cited(refund)).toEqual(['kb:returns-policy-zh']);
    expect(said(refund)).toMatch(/5个工作日内/);
    const e1 = await ask(c, '洗碗机显示E1怎么办');
    expect(cited(e1)).toEqual(['kb:dishwasher-manual-zh']);
    expect(said(e1)).toMatch(/请检查排水管是否弯折/);
  });

  test('with no article in their language, the customer hears that it is in the other one', async () => {
    const en = await newCase();
    const invoice = await ask(en, 'How do I get an invoice?');
    expect(cited(invoice)).toEqual(['kb:invoice-zh']);
    expect(said(invoice)).toMatch(/only have this information in Chinese/);
    const zh = await newCase();
    const heater = await ask(zh, '热水器安装收费吗？');
    expect(cited(heater)).toEqual(['kb:water-heater-installation-en']);
    expect(said(heater)).toMatch(/只有英文版/);
  });
});

interface Gap {
  id: string;
  question: string;
  count: number;
  examples: string[];
  status: string;
}

async function openGaps(): Promise<Gap[]> {
  const res = await kefu.gql<{ knowledgeGaps: { nodes: Gap[] } }>(
    '{ knowledgeGaps(status: OPEN, first: 100) { nodes { id question count examples status } } }',
    {},
    adminKey,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.knowledgeGaps.nodes;
}

describe('the knowledge-gap loop', () => {
  test('an unanswered question becomes a gap, the admin is told, resolves it, and the question is answered', async () => {
    const c = await newCase();
    const first = await ask(c, 'Is there a student discount?');
    expect(said(first)).toMatch(/don't know the answer/);
    expect(cited(first)).toEqual([]);
    await ask(c, 'Do students get a discount?');

    const gap = (await openGaps()).find((g) => /student discount/.test(g.question));
    expect(gap).toMatchObject({ count: 2, status: 'OPEN' });
    expect(gap?.examples).toEqual(['Is there a student discount?', 'Do students get a discount?']);
    const outbox = await kefu.db.query<{ recipient: string; body: string }>(
      'SELECT recipient, body FROM notification_outbox WHERE idempotency_key = $1',
      [`kb-gap:${gap!.id}`],
    );
    expect(outbox.rows[0]?.recipient).toBe(kefu.config.knowledge.adminEmail);
    expect(outbox.rows[0]?.body).toMatch(/student discount/);

    const resolved = await kefu.gql<{ resolveKnowledgeGap: { status: string; article: { id: string } } }>(
      `mutation($id: ID!, $article: KnowledgeArticleInput) {
         resolveKnowledgeGap(id: $id, article: $article) { status article { id } } }`,
      {
        id: gap!.id,
        article: {
          id: 'student-discount-en',
          title: 'Student discount',
          locale: 'en',
          body: '# Student discount\n\nStudents get 10% off every order: verify your student email once in your account settings.',
        },
      },
      adminKey,
    );
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data?.resolveKnowledgeGap).toEqual({
      status: 'RESOLVED',
      article: { id: 'student-discount-en' },
    });

    const later = await newCase();
    const answered = await ask(later, 'Is there a student discount?');
    expect(cited(answered)).toEqual(['kb:student-discount-en']);
    expect(said(answered)).toMatch(/Students get 10% off/);
  });

  test('an admin watching the gaps sees one open, asked again and resolved, as it happens', async () => {
    const refused = subscribe(
      kefu.api.graphqlUrl,
      'subscription { knowledgeGapEvents { id } }',
      {},
      (await createApiKey(kefu.db, 'agent', 'gap watcher agent')).key,
    );
    await refused.ended;
    expect(refused.results[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    interface GapEvent {
      knowledgeGapEvents: {
        id: string;
        question: string;
        count: number;
        status: string;
        article: { id: string } | null;
      };
    }
    const live = subscribe<GapEvent>(
      kefu.api.graphqlUrl,
      'subscription { knowledgeGapEvents { id question count status article { id } } }',
      {},
      adminKey,
    );
    try {
      expect(await live.status).toBe(200);
      const events = async () =>
        live.results
          .map((r) => r.data?.knowledgeGapEvents)
          .filter((g): g is GapEvent['knowledgeGapEvents'] => g !== undefined && /sponsor/i.test(g.question));
      const c = await newCase();
      await ask(c, 'Do you sponsor local football clubs?');
      const opened = await eventually(events, (e) => e.length >= 1);
      expect(opened[0]).toMatchObject({ count: 1, status: 'OPEN', article: null });
      await ask(c, 'Do you sponsor football clubs?');
      await eventually(events, (e) => e.some((g) => g.count === 2));

      const gapId = opened[0]!.id;
      const resolved = await kefu.gql(
        'mutation($id: ID!, $article: KnowledgeArticleInput) { resolveKnowledgeGap(id: $id, article: $article) { id } }',
        {
          id: gapId,
          article: {
            id: 'sponsoring-en',
            title: 'Sponsoring',
            locale: 'en',
            body: '# Sponsoring\n\nWe sponsor two youth football clubs in our home town.',
          },
        },
        adminKey,
      );
      expect(resolved.errors).toBeUndefined();
      const last = await eventually(events, (e) => e.some((g) => g.status === 'RESOLVED'));
      expect(last.find((g) => g.status === 'RESOLVED')).toMatchObject({
        id: gapId,
        count: 2,
        article: { id: 'sponsoring-en' },
      });
      // Each change is told once.
      expect(last.map((g) => `${g.count}/${g.status}`)).toEqual(['1/OPEN', '2/OPEN', '2/RESOLVED']);
    } finally {
      live.close();
    }
  });

  test('a thumbs-down on an answer feeds the gaps', async () => {
    const c = await newCase();
    const replies = await ask(c, 'How often should I replace the air purifier filter?');
    const answer = replies.find((r) => r.sources.length > 0);
    expect(answer).toBeDefined();
    const rate = () =>
      kefu.gql<{ rateAnswer: boolean }>(
        'mutation($c: ID!, $m: ID!) { rateAnswer(caseId: $c, messageId: $m, helpful: false) }',
        { c: c.id, m: answer!.id },
        c.token,
      );
    // The transcript is written just after the turn.
    const rated = await eventually(rate, (res) => res.data?.rateAnswer === true);
    expect(rated.errors).toBeUndefined();
    const gaps = await openGaps();
    expect(gaps.some((g) => g.examples.includes('How often should I replace the air purifier filter?'))).toBe(
      true,
    );
  });

  test('only admins resolve gaps, and a request for both or neither names the field', async () => {
    const agentKey = (await createApiKey(kefu.db, 'agent', 'knowledge agent')).key;
    const denied = await kefu.gql(
      'mutation { resolveKnowledgeGap(id: "1", articleId: "payment-en") { id } }',
      {},
      agentKey,
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const neither = await kefu.gql('mutation { resolveKnowledgeGap(id: "1") { id } }', {}, adminKey);
    expect(neither.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'articleId' });
    const badArticle = await kefu.gql(
      'mutation { importKnowledgeArticle(input: { id: "Bad Id!", title: "x", body: "y" }) { outcome } }',
      {},
      adminKey,
    );
    expect(badArticle.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.id' });
  });
});
