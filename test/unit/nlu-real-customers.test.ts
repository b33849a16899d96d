// How the local reader copes with real customers: loosely typed order numbers and phones, a request and a detail in one line, odd words, angry openers.
import { createLocalProvider, understandSync } from '../../activities/nlu/local';
import { extractIdentifiers } from '../../activities/nlu/local/identifiers';
import { normalizeText } from '../../activities/nlu/local/text';
import type { CatalogVocabulary } from '../../activities/nlu/types';
import type { Understanding } from '../../workflows/types';

const NOW = '2026-10-15T10:00:00.000Z';
const CATALOG: CatalogVocabulary = {
  products: [
    {
      sku: 'JK-WP-100',
      nameEn: 'Waterproof Jacket',
      nameZh: '防水冲锋衣外套',
      category: 'jackets',
      colours: ['blue', 'black'],
      sizes: ['S', 'M', 'L'],
    },
    {
      sku: 'HP-AIR-01',
      nameEn: 'AirBeat Wireless Earbuds',
      nameZh: 'AirBeat 无线蓝牙耳机',
      category: 'headphones',
      colours: ['white'],
      sizes: [],
    },
  ],
};

const read = (text: string, catalog: CatalogVocabulary = CATALOG): Understanding =>
  understandSync({ text, now: NOW }, catalog);
const ids = (text: string) => extractIdentifiers(normalizeText(text));

describe('order numbers typed with a space or a hyphen', () => {
  test.each([
    ['W 1234567'],
    ['W-1234567'],
    ['w123 4567'],
    ['w-123-4567'],
    ['订单号W-123 4567'],
    ['我的单号是 w 1234567 帮我看看'],
    ['Has order #W-1234567 shipped yet?'],
    ['ｗ－１２３４５６７'],
  ])('%s reads as W1234567', (text) => {
    expect(read(text).entities.orderIds).toEqual(['W1234567']);
  });

  test('the loose form still leaves a following phone number or count alone', () => {
    expect(ids('W 1234567 13800138000')).toMatchObject({
      orderIds: ['W1234567'],
      phones: ['+8613800138000'],
    });
    expect(read('W 1234567, 2 pieces').entities).toMatchObject({ orderIds: ['W1234567'], quantities: [2] });
    expect(ids('w123 13800138000')).toMatchObject({ orderIds: [], phones: ['+8613800138000'] });
  });

  test.each([
    ['my number is 4155550100'],
    ['CALL ME AT 4155550100'],
    ['I want 3 x 1234567'],
    ['a 1234567'],
    ['tel-13800138000'],
  ])('%s holds no order number', (text) => {
    expect(ids(text).orderIds).toEqual([]);
  });

  test('hyphenated serials stay serials', () => {
    expect(ids('serial AP-1234567')).toMatchObject({ serialNumbers: ['AP-1234567'], orderIds: [] });
    expect(ids('机身序列号：AP-12345678，开不了机')).toMatchObject({
      serialNumbers: ['AP-12345678'],
      orderIds: [],
    });
    expect(ids('SN-AB123456')).toMatchObject({ serialNumbers: ['SN-AB123456'], orderIds: [] });
  });
});

describe('phone numbers come out in E.164', () => {
  test.each([
    ['4155550100', '+14155550100'],
    ['(415) 555-0100', '+14155550100'],
    ['415.555.0100', '+14155550100'],
    ['415 555 0100', '+14155550100'],
    ['you can reach me on 4155550100 after 5', '+14155550100'],
    ['13800138000', '+8613800138000'],
    ['138 0013 8000', '+8613800138000'],
    ['+86 138-0013-8000', '+8613800138000'],
    ['我的手机是138-0013-8000，有事打给我', '+8613800138000'],
  ])('%s → %s', (text, phone) => {
    expect(read(text).entities.phones).toEqual([phone]);
  });

  test.each([['555-0100'], ['+55550100'], ['1234567890'], ['0123456789'], ['paid 2499 on 2026-10-03']])(
    '%s is not a phone',
    (text) => {
      expect(read(text).entities.phones).toEqual([]);
    },
  );
});

describe('a request and a detail in one message', () => {
  test.each([
    ['我想查一下订单到哪了，我的手机号是13800138000', 'order_status', { phones: ['+8613800138000'] }],
    ['我想退款，我的邮箱是bob@example.com', 'refund_request', { emails: ['bob@example.com'] }],
    ['你好，我要投诉，我的电话是13800138000', 'complaint', { phones: ['+8613800138000'] }],
    ['帮我看看快递到哪了。订单W-123 4567', 'order_status', { orderIds: ['W1234567'] }],
    ['where is my package, my email is bob@example.com', 'order_status', { emails: ['bob@example.com'] }],
    ['my phone is 4155550100; where is my order', 'order_status', { phones: ['+14155550100'] }],
    ['hi, I want to send the jacket back, order W 1234567', 'return_request', { orderIds: ['W1234567'] }],
    [
      'my email is bob@example.com, phone 4155550100, I want a refund',
      'refund_request',
      { emails: ['bob@example.com'], phones: ['+14155550100'] },
    ],
  ])('%s → %s', (text, intent, entities) => {
    const u = read(text);
    expect(u.intent).toBe(intent);
    expect(u.entities).toMatchObject(entities);
  });

  test('details alone stay provide_info, small talk alone stays small talk', () => {
    expect(read('我的手机号是13800138000，邮箱是bob@example.com').intent).toBe('provide_info');
    expect(read('ok, my email is bob@example.com').intent).toBe('provide_info');
    expect(read('好的，谢谢').intent).toBe('thanks');
  });
});

describe('words that are names of object properties', () => {
  const WORDS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
  const provider = createLocalProvider();

  test.each(WORDS)('"%s" alone, inside English and inside Chinese, reads normally', async (word) => {
    for (const text of [
      word,
      word.toUpperCase(),
      `where is my ${word} order W1234567`,
      `I love the ${word}, it is great, size ${word}`,
      `${word}是什么？我的订单${word}到哪了`,
      `the ${word} is broken!!! ${word} ${word}`,
    ]) {
      const u = await provider.understand({ text, now: NOW }, CATALOG);
      expect(typeof u.intent).toBe('string');
      expect(Number.isFinite(u.confidence)).toBe(true);
      expect(Number.isFinite(u.sentiment.polarity)).toBe(true);
      expect(Number.isFinite(u.sentiment.intensity)).toBe(true);
      expect(u.entities.products.every((p) => typeof p.term === 'string')).toBe(true);
      expect(u.cues).toEqual({ correction: expect.any(Boolean), cancel: expect.any(Boolean) });
    }
    const vectors = await provider.embed([word, `my ${word} broke`]);
    expect(vectors.flat().every(Number.isFinite)).toBe(true);
  });

  test('a catalog whose names and colours are such words is matched like any other', () => {
    const odd: CatalogVocabulary = {
      products: [
        {
          sku: 'X-1',
          nameEn: 'Constructor Toolkit',
          nameZh: '工具箱',
          category: 'constructor',
          colours: ['__proto__', 'valueOf'],
          sizes: ['toString'],
        },
      ],
    };
    const u = read('do you have the constructor toolkit in valueOf?', odd);
    expect(u.entities.products[0]).toMatchObject({ sku: 'X-1' });
  });

  test('after such messages, ordinary ones are read as before', () => {
    for (const word of WORDS) read(`${word} ${word}`);
    expect(read('where is my order W1234567?')).toMatchObject({
      intent: 'order_status',
      entities: { orderIds: ['W1234567'] },
    });
    expect(read('我想退货，订单号W7654321')).toMatchObject({
      intent: 'return_request',
      entities: { orderIds: ['W7654321'] },
    });
    expect(read('hello').intent).toBe('greeting');
    expect(read('two pairs in large, please').entities).toMatchObject({ quantities: [2], sizes: ['L'] });
  });
});

describe('an angry first message keeps its order number', () => {
  test.each([
    ['这都第三次了！！W1234567到底什么时候到！！！', 'W1234567'],
    ['第三次问了！！订单W-7654321到底什么时候发货！！！', 'W7654321'],
    ['THIRD TIME ASKING!!! WHERE IS W1234567?!! This is ridiculous!!', 'W1234567'],
  ])('%s', (text, orderId) => {
    const u = read(text);
    expect(u.entities.orderIds).toEqual([orderId]);
    expect(u.sentiment.emotion).toBe('ANGRY');
  });
});
