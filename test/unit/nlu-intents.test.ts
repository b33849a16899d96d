// Local NLU intents: the key customer phrasings, unseen phrasings, off-topic chatter and the training data itself.
import { EN_EXAMPLES } from '../../activities/nlu/local/intent-examples-en';
import { ZH_EXAMPLES } from '../../activities/nlu/local/intent-examples-zh';
import { classifyIntent } from '../../activities/nlu/local/intents';
import { analyzeSentiment } from '../../activities/nlu/local/sentiment';
import { normalizeText } from '../../activities/nlu/local/text';
import type { Intent } from '../../workflows/types';

const classify = (text: string) => {
  const normalized = normalizeText(text);
  return classifyIntent(normalized, analyzeSentiment(normalized));
};

describe('key cases', () => {
  test.each<[string, Intent]>([
    ['我的订单 W1234567 到哪了?', 'order_status'],
    ['Where is my order W1234567?', 'order_status'],
    ['我的快递怎么还没到', 'order_status'],
    ['has my package shipped yet', 'order_status'],
    ['I want to return the blue jacket I bought last month', 'return_request'],
    ['上个月买的蓝色外套想退货', 'return_request'],
    ['refund please', 'refund_request'],
    ['我要退款', 'refund_request'],
    ['cancel my order', 'cancel_order'],
    ['我要取消订单', 'cancel_order'],
    ['转人工', 'human_agent'],
    ['let me talk to a real person', 'human_agent'],
    ['你好', 'greeting'],
    ['hi there', 'greeting'],
    ['谢谢', 'thanks'],
    ['thanks!', 'thanks'],
    ['bye', 'goodbye'],
    ['再见', 'goodbye'],
    ['是的', 'affirm'],
    ['yes', 'affirm'],
    ['不是', 'deny'],
    ['no', 'deny'],
    ['这个耳机有黑色的吗', 'product_question'],
    ['recommend a quiet robot vacuum', 'recommendation'],
    ['空气净化器一直报错 E3 怎么办', 'troubleshooting'],
    ["this is the worst service ever, I've waited 3 weeks!!!", 'complaint'],
    ['什么破服务，等了三个星期！！！', 'complaint'],
    ['W1234567', 'provide_info'],
    ['jane@example.com', 'provide_info'],
    ['138 0013 8000', 'provide_info'],
    ['订单号：W1234567', 'provide_info'],
    ['my order number is W1234567', 'provide_info'],
    ['請問我的訂單到哪裡了', 'order_status'],
    ['Hi! Where is my order W1234567?', 'order_status'],
    ['你好，我要退款', 'refund_request'],
    ['thanks, but where is my refund?', 'refund_request'],
    ['Are the noise-cancelling headphones good for flights?', 'product_question'],
    ['Has order W2000001 shipped? my email is alice@example.com', 'order_status'],
    ['my email is alice@example.com. where is W1234567?', 'order_status'],
    ['Where is my order W1234567?? This is urgent, I am so worried!!', 'order_status'],
    ['Hi. I want a refund.', 'refund_request'],
  ])('%s → %s', (text, intent) => {
    const result = classify(text);
    expect(result.intent).toBe(intent);
    expect(result.confidence).toBeGreaterThan(0.5);
    expect(result.confidence).toBeLessThanOrEqual(1);
  });
});

/** Phrasings written separately from the training examples, to measure how well the classifier generalises. */
const UNSEEN: [Intent, string][] = [
  ['order_status', 'any news about my delivery?'],
  ['order_status', 'when is my parcel coming'],
  ['order_status', 'can you check where W1231231 is'],
  ['order_status', 'Can you tell me when my package will be delivered?'],
  ['order_status', 'tracking number please'],
  ['order_status', '我的订单现在到哪一步了'],
  ['order_status', '东西发出来了吗'],
  ['order_status', '什么时候能收到货啊'],
  ['order_status', '帮我查查包裹到哪了'],
  ['return_request', "I'd like to return the vacuum, it's too loud"],
  ['return_request', 'how can I send back a faulty item'],
  ['return_request', 'the jacket is too small, how do I return it'],
  ['return_request', '我想退这件衣服'],
  ['return_request', '耳机不想要了可以退吗'],
  ['return_request', '申请换货'],
  ['refund_request', 'I need my money refunded'],
  ['refund_request', "where's my refund for W4445556"],
  ['refund_request', 'when do I get my money back'],
  ['refund_request', '什么时候退款'],
  ['refund_request', '退款一直没到'],
  ['refund_request', '能不能把钱退回到我的卡上'],
  ['cancel_order', "I'd like to cancel my recent order"],
  ['cancel_order', 'please cancel, I ordered the wrong colour'],
  ['cancel_order', 'I want to cancel the purchase I made yesterday'],
  ['cancel_order', '刚下的单帮我取消一下'],
  ['cancel_order', '订单能撤销吗'],
  ['cancel_order', '订单不要了,帮我取消'],
  ['product_question', 'what colours does the purifier come in'],
  ['product_question', 'how heavy are the headphones'],
  ['product_question', 'does the jacket have a hood'],
  ['product_question', 'does the jacket come in size XL?'],
  ['product_question', '这款外套有几个颜色'],
  ['product_question', '耳机能用多长时间'],
  ['product_question', '外套有L码吗'],
  ['recommendation', "what's a good purifier for someone with asthma"],
  ['recommendation', 'can you recommend earbuds for swimming'],
  ['recommendation', 'could you recommend a jacket for winter'],
  ['recommendation', '有什么好的空气净化器推荐'],
  ['recommendation', '哪款耳机音质最好'],
  ['recommendation', '帮我选一款扫地机'],
  ['troubleshooting', 'the purifier is making a clicking sound'],
  ['troubleshooting', "my earbuds won't charge in the case"],
  ['troubleshooting', 'robot vacuum says error E5'],
  ['troubleshooting', "my vacuum won't turn on anymore"],
  ['troubleshooting', '扫地机一直在原地转圈'],
  ['troubleshooting', '耳机只有一边有声音'],
  ['troubleshooting', '耳机连不上蓝牙了'],
  ['human_agent', "I'd rather speak with a human being"],
  ['human_agent', 'can you transfer me to an agent'],
  ['human_agent', '我要找真人客服'],
  ['human_agent', '我要人工'],
  ['complaint', "I'm fed up with your terrible service"],
  ['complaint', 'this company is a joke, worst experience ever'],
  ['complaint', 'your service is awful and I am very angry'],
  ['complaint', '你们这是什么垃圾服务'],
  ['complaint', '差评!再也不买了'],
  ['greeting', 'hey, good afternoon'],
  ['greeting', 'hello, is anyone there'],
  ['greeting', '嗨,您好'],
  ['greeting', '早上好呀'],
  ['thanks', 'thanks a million'],
  ['thanks', 'thanks for the help'],
  ['thanks', '谢谢啦'],
  ['thanks', '非常感谢你的耐心'],
  ['goodbye', "that's it for today, goodbye"],
  ['goodbye', 'alright, bye then'],
  ['goodbye', '好的再见'],
  ['goodbye', '拜拜啦'],
  ['affirm', "yes, that's correct"],
  ['affirm', '对,是这个'],
  ['affirm', '好的,可以'],
  ['deny', 'no, not that'],
  ['deny', 'nope, wrong order'],
  ['deny', '不是这个订单'],
  ['deny', '不需要了'],
  ['provide_info', 'my phone is +86 137 0013 7000'],
  ['provide_info', 'the order number is W4445556'],
  ['provide_info', '我的邮箱 wang.fang@example.cn'],
  ['provide_info', '手机号是13912345678'],
  ['unknown', "what's your favourite food"],
  ['unknown', 'is it going to snow'],
  ['unknown', 'I like turtles'],
  ['unknown', '你吃饭了吗'],
  ['unknown', '周末去哪玩'],
  ['unknown', '今天天气不错'],
];

test('at least 85% of unseen phrasings get the right intent', () => {
  const misses = UNSEEN.filter(([intent, text]) => classify(text).intent !== intent).map(
    ([intent, text]) => `${text} (${intent} → ${classify(text).intent})`,
  );
  expect({ accuracy: 1 - misses.length / UNSEEN.length >= 0.85, misses }).toEqual({
    accuracy: true,
    misses: expect.any(Array),
  });
});

test('confident answers are usually right: above 0.8 confidence, at least 95% of unseen phrasings', () => {
  const confident = UNSEEN.map(([intent, text]) => ({ intent, result: classify(text) })).filter(
    (r) => r.result.confidence > 0.8,
  );
  const right = confident.filter((r) => r.result.intent === r.intent).length;
  expect(confident.length).toBeGreaterThan(UNSEEN.length / 2);
  expect(right / confident.length).toBeGreaterThanOrEqual(0.95);
});

describe('unknown', () => {
  test.each(['asdfgh qwerty', 'blah blah', '🙂', 'what is the capital of France', '你是谁'])(
    '%s is unknown',
    (text) => {
      expect(classify(text).intent).toBe('unknown');
    },
  );

  test('text with no letters or digits is unknown with full confidence', () => {
    expect(classify('???')).toEqual({ intent: 'unknown', confidence: 1 });
  });

  test('an angry message about nothing in particular is a complaint', () => {
    expect(classify('ARGH this is RIDICULOUS!!!').intent).toBe('complaint');
  });
});

describe('rules', () => {
  test.each([
    ['talk to a human please'],
    ['can I speak to your manager'],
    ['I need a live agent'],
    ['agent'],
    ['人工客服'],
    ['帮我转人工'],
    ['我要找人工'],
  ])('%s asks for a human', (text) => {
    expect(classify(text)).toEqual({ intent: 'human_agent', confidence: 0.95 });
  });

  test.each([
    ['W1234567 jane@example.com'],
    ["It's alice@example.com"],
    ['my email is a@b.co'],
    ['邮箱是 li@example.cn'],
    ['SN-AB123456'],
    ['+1 (415) 555-0100'],
  ])('%s only gives details', (text) => {
    expect(classify(text)).toEqual({ intent: 'provide_info', confidence: 0.95 });
  });

  test('an order number inside a question is not mere information', () => {
    expect(classify('W1234567 到了吗').intent).toBe('order_status');
    expect(classify('cancel W1234567').intent).toBe('cancel_order');
  });
});

describe('training data', () => {
  test('every intent has at least 15 varied examples in each language', () => {
    for (const examples of [EN_EXAMPLES, ZH_EXAMPLES]) {
      for (const [intent, texts] of Object.entries(examples)) {
        expect({ intent, count: texts.length }).toEqual({ intent, count: expect.any(Number) });
        expect(texts.length).toBeGreaterThanOrEqual(15);
        expect(new Set(texts).size).toBe(texts.length);
      }
    }
  });

  test('the classifier reproduces its own training labels', () => {
    let right = 0;
    let total = 0;
    for (const examples of [EN_EXAMPLES, ZH_EXAMPLES]) {
      for (const [intent, texts] of Object.entries(examples)) {
        for (const text of texts) {
          total++;
          if (classify(text).intent === intent) right++;
        }
      }
    }
    expect(right / total).toBeGreaterThan(0.95);
  });
});

describe('comparing the products just shown', () => {
  test.each([
    'can you put number 2 and number 3 side by side',
    'compare both of them please',
    '第一个和第二个对比一下',
    '这两款有什么区别',
  ])('%s is a shopping request, sure enough to act on', (text) => {
    expect(classify(text)).toMatchObject({ intent: 'recommendation' });
    expect(classify(text).confidence).toBeGreaterThanOrEqual(0.8);
  });

  test('a comparison tied to an order is not read as shopping', () => {
    expect(classify('compare what I paid for order W1234567 with the price today').intent).not.toBe(
      'recommendation',
    );
  });
});

describe('a yes or no that trails off', () => {
  test.each(['ok...', '对…', '是……'])('%s agrees to nothing', (text) => {
    expect(classify(text).intent).toBe('unknown');
  });

  test.each<[string, Intent]>([
    ['ok', 'affirm'],
    ['好的。', 'affirm'],
    ['不用了', 'deny'],
  ])('%s is still an answer', (text, intent) => {
    expect(classify(text).intent).toBe(intent);
  });
});
