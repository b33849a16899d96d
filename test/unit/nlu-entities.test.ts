// Local NLU entity extraction: order numbers, contacts, serials, colours, sizes and quantities in zh and en.
import { extractColours, extractSizes } from '../../activities/nlu/local/attributes';
import { extractEntities } from '../../activities/nlu/local/entities';
import { understandSync } from '../../activities/nlu/local';
import { extractIdentifiers } from '../../activities/nlu/local/identifiers';
import { extractQuantities } from '../../activities/nlu/local/quantities';
import { normalizeText } from '../../activities/nlu/local/text';
import type { CatalogVocabulary } from '../../activities/nlu/types';

const EMPTY: CatalogVocabulary = { products: [] };
const ids = (text: string) => extractIdentifiers(normalizeText(text));
const colours = (text: string, catalog = EMPTY) => extractColours(normalizeText(text), catalog);
const sizes = (text: string) => extractSizes(normalizeText(text));
const quantities = (text: string) => extractQuantities(normalizeText(text));
const entities = (text: string) =>
  extractEntities(normalizeText(text), EMPTY, { now: '2026-10-15T10:00:00.000Z', timeZone: 'UTC' });

describe('order numbers', () => {
  test.each([
    ['W1234567', ['W1234567']],
    ['w1234567', ['W1234567']],
    ['#W1234567', ['W1234567']],
    ['order no. W1234567', ['W1234567']],
    ['订单号：W1234567', ['W1234567']],
    ['订单号W1234567到哪了', ['W1234567']],
    ['ＷＡ１２３４５６７８', ['WA12345678']],
    ['orders W1234567 and W7654321, and W1234567 again', ['W1234567', 'W7654321']],
    ['my order AB123456789 please', ['AB123456789']],
    ['order number 20260315001', ['20260315001']],
  ])('%s → %j', (text, expected) => {
    expect(ids(text).orderIds).toEqual(expected);
  });

  test.each([
    ['13800138000'],
    ['call 138 0013 8000'],
    ['serial number AP12345678'],
    ['SN-AB123456'],
    ['error E3'],
    ['tel13800138000'],
    ['QQ12345678'],
    ['w1234567@example.com'],
    ['tracking 1Z999AA10123456784'],
    ['订单号 13800138000'],
  ])('%s has no order number', (text) => {
    expect(ids(text).orderIds).toEqual([]);
  });
});

describe('emails and phones', () => {
  test('emails are lower-cased, also inside Chinese text and full-width', () => {
    expect(ids('Email: Jane.Doe@Example.COM').emails).toEqual(['jane.doe@example.com']);
    expect(ids('邮箱是abc@qq.com谢谢').emails).toEqual(['abc@qq.com']);
    expect(ids('ｌｉ＠ｅｘａｍｐｌｅ．ｃｎ').emails).toEqual(['li@example.cn']);
  });

  test.each([
    ['13800138000', '+8613800138000'],
    ['138 0013 8000', '+8613800138000'],
    ['138-0013-8000', '+8613800138000'],
    ['+86 138 0013 8000', '+8613800138000'],
    ['手机:13900139000', '+8613900139000'],
    ['(415) 555-0100', '+14155550100'],
    ['415-555-0100', '+14155550100'],
    ['+1 415 555 0100', '+14155550100'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('%s → %s', (text, phone) => {
    expect(ids(text).phones).toEqual([phone]);
  });

  test('dates, order numbers and short numbers are not phones', () => {
    expect(ids('2026-10-03').phones).toEqual([]);
    expect(ids('W1234567').phones).toEqual([]);
    expect(ids('I waited 3 weeks, paid 249 dollars').phones).toEqual([]);
  });
});

describe('serial numbers', () => {
  test.each([
    ['SN-AP100001', ['SN-AP100001']],
    ['sn-ab12cd34 is broken', ['SN-AB12CD34']],
    ['serial number AP12345678', ['AP12345678']],
    ['the serial no. is AP12345678', ['AP12345678']],
    ['序列号：AP12345678', ['AP12345678']],
    ['机身序列号 SN-XY987654', ['SN-XY987654']],
  ])('%s → %j', (text, expected) => {
    expect(ids(text).serialNumbers).toEqual(expected);
    expect(ids(text).orderIds).toEqual([]);
  });
});

describe('colours', () => {
  test.each([
    ['I want the blue one', ['blue']],
    ['上个月买的蓝色外套', ['blue']],
    ['藍色外套', ['blue']],
    ['天蓝的', ['blue']],
    ['有黑色和白色吗', ['black', 'white']],
    ['黑的还是白的', ['black', 'white']],
    ['grey or gray?', ['grey']],
    ['灰色和米色的有吗', ['grey', 'beige']],
    ['navy blue please', ['navy']],
    ['藏青色', ['navy']],
    ['silver and gold', ['silver', 'gold']],
    ['粉红色', ['pink']],
  ])('%s → %j', (text, expected) => {
    expect(colours(text)).toEqual(expected);
  });

  test.each([
    ['蓝牙连不上'],
    ['屏幕黑屏了'],
    ['退款金额不对'],
    ['我明白的'],
    ['灰尘太多'],
    ['Black Friday deals'],
    ['bluetooth keeps dropping'],
    ['银行卡扣款了'],
  ])('%s names no colour', (text) => {
    expect(colours(text)).toEqual([]);
  });

  test("the catalog's own colours come first, and its non-standard codes are recognised", () => {
    const catalog: CatalogVocabulary = {
      products: [
        {
          sku: 'J',
          nameEn: 'Jacket',
          nameZh: '夹克',
          category: 'jackets',
          colours: ['olive', 'black'],
          sizes: [],
        },
      ],
    };
    expect(colours('pink, black or olive?', catalog)).toEqual(['black', 'olive', 'pink']);
    expect(colours('olive jacket')).toEqual(['green']);
  });
});

describe('sizes', () => {
  test.each([
    ['size M please', ['M']],
    ['do you have it in XL?', ['XL']],
    ['2XL', ['XXL']],
    ['size s', ['S']],
    ['L码有吗', ['L']],
    ['大号的外套', ['L']],
    ['中号和小号', ['M', 'S']],
    ['加大号', ['XL']],
    ['size 42 shoes', ['42']],
    ['42码的鞋', ['42']],
    ['EU 43', ['43']],
    ['size medium', ['M']],
    ['in a large, please', ['L']],
  ])('%s → %j', (text, expected) => {
    expect(sizes(text)).toEqual(expected);
  });

  test.each([["I'm sure it's fine"], ['a large room'], ['3号发货'], ['I am in the US'], ['it is small']])(
    '%s has no size',
    (text) => {
      expect(sizes(text)).toEqual([]);
    },
  );
});

describe('quantities', () => {
  test.each([
    ['2 pieces', [2]],
    ['two pairs of shoes', [2]],
    ['x3', [3]],
    ['I need 4x', [4]],
    ['qty: 5', [5]],
    ['两件', [2]],
    ['买了三台', [3]],
    ['我要买一个', [1]],
    ['十二个', [12]],
  ])('%s → %j', (text, expected) => {
    expect(quantities(text)).toEqual(expected);
  });

  test.each([['三个月前'], ['我有一个问题'], ['两个星期'], ['an item'], ['第三个'], ['error E3']])(
    '%s has no quantity',
    (text) => {
      expect(quantities(text)).toEqual([]);
    },
  );
});

describe('assembled entities', () => {
  test('digits of identifiers are not read as sizes, dates or quantities', () => {
    const e = entities('order W1234567, serial SN-AB123456, phone 138 0013 8000');
    expect(e).toMatchObject({
      orderIds: ['W1234567'],
      serialNumbers: ['SN-AB123456'],
      phones: ['+8613800138000'],
      sizes: [],
      quantities: [],
    });
    expect(e.dateRange).toBeUndefined();
  });

  test('nothing found means empty arrays and no date range', () => {
    expect(entities('hello there')).toEqual({
      orderIds: [],
      emails: [],
      phones: [],
      colours: [],
      sizes: [],
      products: [],
      quantities: [],
      serialNumbers: [],
    });
  });
});

describe('colour words inside other words are no colour', () => {
  const colours = (text: string) =>
    understandSync({ text, now: '2026-11-25T10:00:00.000Z' }, { products: [] }).entities.colours;
  test("a tea's name, a shopping festival and a warning light carry no item colour", () => {
    expect(colours('我买的大红袍茶叶什么时候到')).toEqual([]);
    expect(colours('想退那盒绿茶')).toEqual([]);
    expect(colours('黑五买的还没到')).toEqual([]);
    expect(colours('the red light on the router keeps blinking')).toEqual([]);
    expect(colours('咖啡机红灯一直闪')).toEqual([]);
  });
  test('the colour of an item still counts', () => {
    expect(colours('I want to return the red one')).toEqual(['red']);
    expect(colours('想换成绿色的')).toEqual(['green']);
  });
});
