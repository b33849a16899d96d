// The offline 'local' provider end to end: language, intent, entities, sentiment and embeddings in zh and en.
import { createLocalProvider } from '../../activities/nlu/local';
import { cosine } from '../../activities/nlu/local/embedding';
import type { CatalogVocabulary, UnderstandRequest } from '../../activities/nlu/types';
import type { Understanding } from '../../workflows/types';

/** Thursday 15 October 2026, 10:00 UTC (18:00 in Shanghai). */
const NOW = '2026-10-15T10:00:00.000Z';

const product = (
  sku: string,
  nameEn: string,
  nameZh: string,
  category: string,
  colours: string[],
  sizes: string[] = [],
) => ({
  sku,
  nameEn,
  nameZh,
  category,
  colours,
  sizes,
});

/** Shaped like the demo shop: several products per category, brand names, Chinese names with Latin parts. */
const CATALOG: CatalogVocabulary = {
  products: [
    product('HP-AIR-01', 'AirBeat Wireless Earbuds', 'AirBeat 无线蓝牙耳机', 'headphones', [
      'black',
      'white',
      'blue',
    ]),
    product('HP-NC-700', 'QuietWave Noise-Cancelling Headphones', 'QuietWave 头戴式降噪耳机', 'headphones', [
      'black',
      'navy',
    ]),
    product(
      'JK-WP-100',
      'Waterproof Jacket',
      '防水冲锋衣外套',
      'jackets',
      ['blue', 'black', 'olive'],
      ['S', 'M', 'L', 'XL'],
    ),
    product(
      'JK-DN-200',
      'Lightweight Down Jacket',
      '轻薄羽绒服',
      'jackets',
      ['black', 'navy', 'beige', 'pink'],
      ['S', 'M', 'L'],
    ),
    product(
      'SH-RUN-10',
      'CloudStride Running Shoes',
      'CloudStride 缓震跑鞋',
      'sneakers',
      ['black', 'white'],
      ['40', '41', '42'],
    ),
    product('RV-S5', 'CleanBot S5 Robot Vacuum', 'CleanBot S5 扫地机器人', 'robot-vacuums', [
      'white',
      'black',
    ]),
    product(
      'RV-S7-MAX',
      'CleanBot S7 Max Robot Vacuum & Mop',
      'CleanBot S7 Max 扫拖一体机器人',
      'robot-vacuums',
      ['white'],
    ),
    product('AP-300', 'PureAir 300 Air Purifier', 'PureAir 300 空气净化器', 'air-purifiers', [
      'white',
      'grey',
      'blue',
    ]),
    product('KT-ELC-17', 'Electric Kettle 1.7L', '1.7升电热水壶', 'kettles', ['white', 'silver']),
  ],
};

const provider = createLocalProvider();

function understand(
  text: string,
  options: Partial<Omit<UnderstandRequest, 'text'>> & { catalog?: CatalogVocabulary } = {},
): Promise<Understanding> {
  const { catalog = CATALOG, ...rest } = options;
  return provider.understand({ text, now: NOW, ...rest }, catalog);
}

describe('provider contract', () => {
  test('is named local and embeds into 256 dimensions', () => {
    expect(provider.name).toBe('local');
    expect(provider.embeddingDimensions).toBe(256);
  });

  test('returns every field, with empty entity arrays when nothing is found', async () => {
    const u = await understand('hello');
    expect(u).toEqual({
      language: 'en',
      intent: 'greeting',
      confidence: expect.any(Number),
      entities: {
        orderIds: [],
        emails: [],
        phones: [],
        colours: [],
        sizes: [],
        products: [],
        quantities: [],
        serialNumbers: [],
      },
      sentiment: { polarity: expect.any(Number), emotion: expect.any(String), intensity: expect.any(Number) },
      cues: { correction: false, cancel: false },
      also: [],
    });
  });

  test('empty and punctuation-only text is unknown, without throwing', async () => {
    for (const text of ['', '   ', '???', '……']) {
      const u = await understand(text, { localeHint: 'zh-CN' });
      expect(u.intent).toBe('unknown');
      expect(u.language).toBe('zh-CN');
    }
  });

  test('the same request always gives the same answer', async () => {
    const text = '上个月买的蓝色外套想退货，订单号 W1234567';
    expect(await understand(text)).toEqual(await understand(text));
  });

  test('200 calls in a row run without error and stay consistent', async () => {
    const texts = [
      '我的订单 W1234567 到哪了?',
      "this is the worst service ever, I've waited 3 weeks!!! order W7654321, email me at a.b@example.com",
      '上个月买的蓝色外套想退货，能退款吗？我很着急',
      'recommend a quiet robot vacuum for a flat, bought one in March, size M, x2',
      '空气净化器一直报错 E3 怎么办，序列号 SN-AP100001',
    ];
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => understand(texts[i % texts.length] ?? '')),
    );
    expect(results).toHaveLength(200);
    expect(results[0]).toEqual(results[5]);
    for (const u of results) expect(u.confidence).toBeGreaterThanOrEqual(0);
  });
});

describe('language', () => {
  test.each([
    ['我的订单到哪了', 'zh-CN'],
    ['請問我的訂單到哪裡了', 'zh-CN'],
    ['W1234567 到了吗', 'zh-CN'],
    ['Where is my order?', 'en'],
    ['ok', 'en'],
  ])('%s → %s', async (text, language) => {
    expect((await understand(text, { localeHint: 'zh-CN' })).language).toBe(language);
  });

  test('text without letters of a language follows the hint, defaulting to English', async () => {
    for (const text of ['W1234567', 'wangfang@example.cn', '138 0013 8000', '#W1234567', '12345']) {
      expect((await understand(text, { localeHint: 'zh-CN' })).language).toBe('zh-CN');
      expect((await understand(text, { localeHint: 'en' })).language).toBe('en');
      expect((await understand(text)).language).toBe('en');
    }
  });
});

describe('the key cases', () => {
  test('Chinese order-status question with an order number', async () => {
    const u = await understand('我的订单 W1234567 到哪了?');
    expect(u).toMatchObject({ language: 'zh-CN', intent: 'order_status' });
    expect(u.confidence).toBeGreaterThan(0.6);
    expect(u.entities.orderIds).toEqual(['W1234567']);
    expect(u.sentiment.emotion).toBe('NEUTRAL');
    expect(Math.abs(u.sentiment.polarity)).toBeLessThan(0.1);
  });

  test('English order-status question with an order number', async () => {
    const u = await understand('Where is my order W1234567?');
    expect(u).toMatchObject({ language: 'en', intent: 'order_status', entities: { orderIds: ['W1234567'] } });
    expect(u.sentiment).toMatchObject({ emotion: 'NEUTRAL' });
    expect(Math.abs(u.sentiment.polarity)).toBeLessThan(0.1);
  });

  test('return of the blue jacket bought last month, in English', async () => {
    const u = await understand('I want to return the blue jacket I bought last month');
    expect(u.intent).toBe('return_request');
    expect(u.entities.colours).toEqual(['blue']);
    expect(u.entities.dateRange).toEqual({
      from: '2026-09-01T00:00:00.000Z',
      to: '2026-10-01T00:00:00.000Z',
      expression: 'last month',
    });
    // Two jackets match "jacket" equally well: that names the category, not one product.
    expect(u.entities.products).toEqual([{ term: 'jacket', category: 'jackets' }]);
  });

  test('return of the blue jacket bought last month, in Chinese (Shanghai midnights)', async () => {
    const u = await understand('上个月买的蓝色外套想退货');
    expect(u.intent).toBe('return_request');
    expect(u.entities.colours).toEqual(['blue']);
    expect(u.entities.dateRange).toEqual({
      from: '2026-08-31T16:00:00.000Z',
      to: '2026-09-30T16:00:00.000Z',
      expression: '上个月',
    });
    expect(u.entities.products).toEqual([{ term: '外套', sku: 'JK-WP-100', category: 'jackets' }]);
  });

  test('product question names the colour and the headphones category', async () => {
    const u = await understand('这个耳机有黑色的吗');
    expect(u.intent).toBe('product_question');
    expect(u.entities.colours).toEqual(['black']);
    expect(u.entities.products).toEqual([{ term: '耳机', category: 'headphones' }]);
  });

  test('recommendation request names the robot-vacuum category', async () => {
    const u = await understand('recommend a quiet robot vacuum');
    expect(u.intent).toBe('recommendation');
    expect(u.entities.products).toEqual([{ term: 'robot vacuum', category: 'robot-vacuums' }]);
  });

  test('troubleshooting an air purifier error', async () => {
    const u = await understand('空气净化器一直报错 E3 怎么办');
    expect(u.intent).toBe('troubleshooting');
    expect(u.entities.products).toEqual([{ term: '空气净化器', sku: 'AP-300', category: 'air-purifiers' }]);
    expect(u.entities.orderIds).toEqual([]);
  });

  test('an angry complaint', async () => {
    const u = await understand("this is the worst service ever, I've waited 3 weeks!!!");
    expect(u.intent).toBe('complaint');
    expect(u.sentiment.emotion).toBe('ANGRY');
    expect(u.sentiment.polarity).toBeLessThan(-0.4);
    expect(u.sentiment.intensity).toBeGreaterThan(0.5);
  });

  test('an anxious customer', async () => {
    const u = await understand('我很着急，订单怎么还没到？？');
    expect(u.intent).toBe('order_status');
    expect(u.sentiment.emotion).toBe('ANXIOUS');
  });

  test('a message that only gives contact details is provide_info with normalised values', async () => {
    const u = await understand('my email is Alice@Example.com and my phone is (415) 555-0100');
    expect(u.intent).toBe('provide_info');
    expect(u.entities.emails).toEqual(['alice@example.com']);
    expect(u.entities.phones).toEqual(['+14155550100']);
  });
});

describe('products', () => {
  const products = async (text: string) => (await understand(text)).entities.products;

  test('an English name, plural or partial, finds the product', async () => {
    expect(await products('do you still sell the waterproof jackets?')).toEqual([
      { term: 'waterproof jackets', sku: 'JK-WP-100', category: 'jackets' },
    ]);
    expect(await products('my earbuds stopped working')).toEqual([
      { term: 'earbuds', sku: 'HP-AIR-01', category: 'headphones' },
    ]);
  });

  test('brand and model words pick one product out of a family', async () => {
    expect(await products('my CleanBot S7 keeps getting stuck')).toEqual([
      { term: 'CleanBot S7', sku: 'RV-S7-MAX', category: 'robot-vacuums' },
    ]);
    expect(await products('the PureAir 300 is loud')).toEqual([
      { term: 'PureAir 300', sku: 'AP-300', category: 'air-purifiers' },
    ]);
    // The brand alone is shared by the family: a category mention.
    expect(await products('is CleanBot any good?')).toEqual([
      { term: 'CleanBot', category: 'robot-vacuums' },
    ]);
  });

  test('a Chinese name matches by characters, even when only part of it is written', async () => {
    expect(await products('羽绒服有粉色的吗')).toEqual([
      { term: '羽绒服', sku: 'JK-DN-200', category: 'jackets' },
    ]);
    expect(await products('我买的扫拖一体机')).toEqual([
      { term: '扫拖一体机', sku: 'RV-S7-MAX', category: 'robot-vacuums' },
    ]);
    expect(await products('跑鞋42码有吗')).toEqual([
      { term: '跑鞋', sku: 'SH-RUN-10', category: 'sneakers' },
    ]);
  });

  test('a kind of product names the only such product, or the category when several fit', async () => {
    expect(await products('headphones or earphones?')).toEqual([
      { term: 'headphones', sku: 'HP-NC-700', category: 'headphones' },
    ]);
    expect(await products('do you sell kettles')).toEqual([
      { term: 'kettles', sku: 'KT-ELC-17', category: 'kettles' },
    ]);
    expect(await products('电水壶')).toEqual([{ term: '水壶', sku: 'KT-ELC-17', category: 'kettles' }]);
    expect(await products('有没有双肩包')).toEqual([]);
    expect(await products('the robot vacuum')).toEqual([{ term: 'robot vacuum', category: 'robot-vacuums' }]);
  });

  test('generic words do not name products', async () => {
    expect(await products('我不想跟机器人聊')).toEqual([]);
    expect(await products('is it wireless?')).toEqual([]);
    expect(await products('where is my order')).toEqual([]);
  });

  test('an empty catalog mentions nothing', async () => {
    expect(
      (await understand('recommend a quiet robot vacuum', { catalog: { products: [] } })).entities.products,
    ).toEqual([]);
  });
});

describe('embeddings', () => {
  const embed = (texts: string[]) => provider.embed(texts);

  test('256 unit-length numbers per text, deterministically', async () => {
    const [a, b, empty] = await embed(['how do I get a refund', 'how do I get a refund', '']);
    expect(a).toHaveLength(256);
    expect(a).toEqual(b);
    for (const v of [a, empty]) expect(Math.sqrt((v ?? []).reduce((s, x) => s + x * x, 0))).toBeCloseTo(1, 6);
  });

  test('related questions are closer than unrelated ones', async () => {
    const [q, policy, weather] = await embed([
      'how do I get a refund',
      'refund policy',
      'the weather is nice',
    ]);
    expect(cosine(q ?? [], policy ?? [])).toBeGreaterThan(cosine(q ?? [], weather ?? []));
  });

  test('English and Chinese questions about the same thing meet through shared concepts', async () => {
    const [refund, zhRefund, zhWeather, battery, zhBattery, sizes] = await embed([
      'how do I get a refund',
      '退款政策',
      '今天天气很好',
      'headphones battery life',
      '耳机续航多久',
      'jacket size chart',
    ]);
    expect(cosine(refund ?? [], zhRefund ?? [])).toBeGreaterThan(cosine(refund ?? [], zhWeather ?? []) + 0.2);
    expect(cosine(battery ?? [], zhBattery ?? [])).toBeGreaterThan(cosine(battery ?? [], sizes ?? []) + 0.2);
  });

  test('Chinese texts on the same topic are close', async () => {
    const [a, b, c] = await embed(['退款要多久', '退款政策是什么', '耳机怎么配对']);
    expect(cosine(a ?? [], b ?? [])).toBeGreaterThan(0.3);
    expect(cosine(a ?? [], b ?? [])).toBeGreaterThan(cosine(a ?? [], c ?? []));
  });
});
