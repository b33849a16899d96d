// Correction and cancel cues from the local reader, in Chinese and English, with the look-alikes that must not trigger them.
import { understandSync } from '../../activities/nlu/local';
import type { Understanding } from '../../workflows/types';

const read = (text: string): Understanding =>
  understandSync({ text, now: '2026-10-15T10:00:00.000Z' }, { products: [] });

describe('correction: the customer replaces a value they gave', () => {
  test.each([
    ['不对，是绿色的'],
    ['哦不对，要42码的'],
    ['不是W1234567，是W7654321'],
    ['我是说W7654321'],
    ['错了，应该是W7654321'],
    ['刚才打错了，手机号是13900139000'],
    ['我的意思是蓝色那款'],
    ['sorry, I meant the shoes'],
    ['actually it’s W7654321'],
    ['no, I meant the blue one'],
    ['Oops, I mean size M'],
    ['correction: my email is bob@example.com'],
    ['I gave you the wrong number, it is W7654321'],
  ])('%s', (text) => {
    expect(read(text).cues.correction).toBe(true);
  });

  test('the corrected value is in the entities', () => {
    expect(read('不是W1234567，是W7654321').entities.orderIds).toContain('W7654321');
    expect(read('actually it’s W7654321').entities.orderIds).toEqual(['W7654321']);
  });

  test.each([
    ['这个耳机声音不对劲'],
    ['你们发错了，我要的是蓝色'],
    ['不是应该昨天就到吗'],
    ['我不是很满意'],
    ['I meant to ask about returns'],
    ['is that correct?'],
    ['I actually want a refund'],
    ['No, it has not arrived'],
    ['the wrong item was delivered'],
  ])('%s is no correction', (text) => {
    expect(read(text).cues.correction).toBe(false);
  });
});

describe('cancel: the customer drops what is in progress', () => {
  test.each([
    ['算了'],
    ['算了吧，谢谢'],
    ['不用了'],
    ['不要了'],
    ['不查了'],
    ['那就先不退了'],
    ['没事了，当我没问'],
    ['never mind'],
    ['Nevermind, I’ll do it later'],
    ['forget it'],
    ['cancel that'],
    ['ok, forget about it'],
  ])('%s', (text) => {
    const u = read(text);
    expect(u.cues.cancel).toBe(true);
    expect(u.intent).not.toBe('cancel_order');
  });

  test.each([
    ['cancel my order', 'cancel_order'],
    ['please cancel that order', 'cancel_order'],
    ['取消订单', 'cancel_order'],
    ['帮我把W1234567取消了', 'cancel_order'],
  ])('%s asks for %s, it is no cancel cue', (text, intent) => {
    const u = read(text);
    expect(u.intent).toBe(intent);
    expect(u.cues.cancel).toBe(false);
  });

  test.each([
    ["I don't need a refund, just the tracking"],
    ['我不需要退款，只要查物流'],
    ['我算了一下运费，好像多收了'],
    ['要不要了解一下新款'],
    ['不用了解，直接发货吧'],
    ["don't forget it, please"],
    ['这个订单我不要了'],
  ])('%s is no cancel cue', (text) => {
    expect(read(text).cues.cancel).toBe(false);
  });

  test('dropping the request and asking for something new carries both', () => {
    const u = read('never mind, where is my order W1234567?');
    expect(u.cues.cancel).toBe(true);
    expect(u.intent).toBe('order_status');
    expect(u.entities.orderIds).toEqual(['W1234567']);
  });

  test('ordinary messages carry no cues', () => {
    for (const text of ['hello', '我的订单到哪了', 'where is W1234567?', '谢谢'])
      expect(read(text).cues).toEqual({ correction: false, cancel: false });
  });
});
