// Local NLU sentiment: polarity with negation and intensifiers, emphasis, and the one emotion a reply should address.
import { analyzeSentiment } from '../../activities/nlu/local/sentiment';
import { normalizeText } from '../../activities/nlu/local/text';

const sentiment = (text: string) => analyzeSentiment(normalizeText(text));

describe('emotions', () => {
  test.each([
    ['Where is my order W1234567?', 'NEUTRAL'],
    ['我的订单 W1234567 到哪了?', 'NEUTRAL'],
    ['Can I return the jacket?', 'NEUTRAL'],
    ["this is the worst service ever, I've waited 3 weeks!!!", 'ANGRY'],
    ['This is ridiculous, I am furious', 'ANGRY'],
    ['什么破服务', 'ANGRY'],
    ['垃圾产品，气死了', 'ANGRY'],
    ['我很着急，订单怎么还没到？？', 'ANXIOUS'],
    ['urgent, I need it asap', 'ANXIOUS'],
    ["I'm worried it got lost", 'ANXIOUS'],
    ['担心是不是丢了', 'ANXIOUS'],
    ['it broke again, third time this month', 'FRUSTRATED'],
    ['又坏了', 'FRUSTRATED'],
    ['还是没收到', 'FRUSTRATED'],
    ["I'm not happy with this", 'FRUSTRATED'],
    ['我对这个不满意', 'FRUSTRATED'],
    ["I'm so disappointed", 'SAD'],
    ['好难过，太失望了', 'SAD'],
    ['great, thanks a lot!', 'HAPPY'],
    ['太好了，非常满意', 'HAPPY'],
  ])('%s → %s', (text, emotion) => {
    expect(sentiment(text).emotion).toBe(emotion);
  });
});

describe('polarity', () => {
  test('a neutral question is near zero with no intensity', () => {
    for (const text of ['Where is my order W1234567?', '我的订单 W1234567 到哪了?', '这个耳机有黑色的吗']) {
      expect(sentiment(text)).toEqual({ polarity: 0, emotion: 'NEUTRAL', intensity: 0 });
    }
  });

  test('an angry complaint is strongly negative and intense', () => {
    expect(sentiment("this is the worst service ever, I've waited 3 weeks!!!").polarity).toBeLessThan(-0.4);
    expect(
      sentiment("this is the worst service ever, I've waited 3 weeks!!!").intensity,
    ).toBeGreaterThanOrEqual(0.8);
    expect(sentiment('this is ridiculous').intensity).toBeLessThan(0.8);
    expect(sentiment('什么破服务，等了三个星期！！！').polarity).toBeLessThan(-0.4);
  });

  test('praise is positive', () => {
    expect(sentiment('Excellent, thank you so much').polarity).toBeGreaterThan(0.5);
    expect(sentiment('非常感谢，很满意').polarity).toBeGreaterThan(0.5);
  });

  test('negation flips, and "not bad" is mildly positive', () => {
    expect(sentiment('I am happy').polarity).toBeGreaterThan(0);
    expect(sentiment('I am not happy').polarity).toBeLessThan(0);
    expect(sentiment("it isn't good").polarity).toBeLessThan(0);
    expect(sentiment('not bad at all').polarity).toBeGreaterThan(0);
    expect(sentiment('满意').polarity).toBeGreaterThan(0);
    expect(sentiment('不满意').polarity).toBeLessThan(0);
    expect(sentiment('不太好').polarity).toBeLessThan(0);
    expect(sentiment('不太好').polarity).toBeGreaterThan(sentiment('很差').polarity);
  });

  test('intensifiers, exclamation marks and capitals make it stronger', () => {
    const base = sentiment('this is bad');
    expect(sentiment('this is very bad').polarity).toBeLessThan(base.polarity);
    expect(sentiment('this is bad!!!').polarity).toBeLessThan(base.polarity);
    expect(sentiment('this is bad!!!').intensity).toBeGreaterThan(base.intensity);
    expect(sentiment('差').polarity).toBeGreaterThan(sentiment('非常差').polarity);
    const shouted = sentiment('WHERE IS MY ORDER');
    expect(shouted.polarity).toBeLessThan(0);
    expect(shouted.intensity).toBeGreaterThan(sentiment('where is my order').intensity);
  });

  test('repeated question marks add urgency', () => {
    expect(sentiment('订单怎么还没到？？？').intensity).toBeGreaterThan(
      sentiment('订单怎么还没到').intensity,
    );
  });

  test('words that contain cue characters but mean something else are neutral', () => {
    for (const text of [
      '麻烦你帮我查一下',
      '出差用的耳机',
      '不好意思，我想问一下',
      '有黑色还是白色',
      '差价能退吗',
    ]) {
      expect(sentiment(text).emotion).toBe('NEUTRAL');
    }
  });

  test('values stay in range', () => {
    for (const text of [
      '!!!!!!!!!!!!',
      'WORST WORST WORST TERRIBLE AWFUL!!!!',
      '太太太太太差了！！！！',
      '',
    ]) {
      const s = sentiment(text);
      expect(s.polarity).toBeGreaterThanOrEqual(-1);
      expect(s.polarity).toBeLessThanOrEqual(1);
      expect(s.intensity).toBeGreaterThanOrEqual(0);
      expect(s.intensity).toBeLessThanOrEqual(1);
    }
  });
});
