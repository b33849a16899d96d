// Spelling tolerance: English typos and Chinese typed as pinyin are read as the words they meant.
import { understandSync } from '../../activities/nlu/local';
import { editDistance, mendSpelling, pinyinToHan } from '../../activities/nlu/local/spelling';

const read = (text: string) => understandSync({ text, now: '2026-01-10T10:00:00Z' }, { products: [] });

describe('typos are mended against the taught vocabulary', () => {
  test('a swap of two letters is one edit', () => {
    expect(editDistance('cancle', 'cancel')).toBe(1);
    expect(editDistance('kettle', 'kettle')).toBe(0);
  });

  test.each([
    ['I need a refnud', 'I need a refund'],
    ['pls cancle it', 'pls cancel it'],
    ['how do I retrun these', 'how do I return these'],
  ])('%s', (text, mended) => {
    expect(mendSpelling(text)).toBe(mended);
  });

  test('emails, codes and words it knows are left alone', () => {
    expect(mendSpelling('write to me at jonny.exmaple@mail.com')).toBe(
      'write to me at jonny.exmaple@mail.com',
    );
    expect(mendSpelling('the fridge is noisy')).toBe('the fridge is noisy');
  });

  test('a misspelt request still finds its intent', () => {
    expect(read('cancle order W1234567 please').intent).toBe('cancel_order');
    expect(read('i want a refnud').intent).toBe('refund_request');
  });
});

describe('pinyin is read as Chinese', () => {
  test.each([
    ['wo xiang tui kuan', '退款'],
    ['qu xiao ding dan', '取消订单'],
    ['kuaidi daole meiyou', '快递'],
  ])('%s', (text, han) => {
    expect(pinyinToHan(text)).toContain(han);
  });

  test('English made of pinyin-like words stays English', () => {
    expect(pinyinToHan('hang on a second')).toBeUndefined();
    expect(pinyinToHan('where is my order')).toBeUndefined();
  });

  test('a pinyin request is understood in Chinese', () => {
    const understanding = read('wo xiang qu xiao ding dan');
    expect(understanding.language).toBe('zh-CN');
    expect(understanding.intent).toBe('cancel_order');
  });
});
