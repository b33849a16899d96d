// Anger from what is said: sarcasm, broken promises, asking again and again, accusing questions, mistreatment, demands.
import { understandSync } from '../../activities/nlu/local';
import { angerCues } from '../../activities/nlu/local/emotion-cues';

const emotion = (text: string) =>
  understandSync({ text, now: '2026-01-10T10:00:00Z' }, { products: [] }).sentiment.emotion;

describe('each kind of cue', () => {
  test.each([
    ['oh wonderful, the blender broke on day one 👏', 'sarcasm'],
    ['呵呵，效率真高，一个月才发货', 'sarcasm'],
    ['your site promised next-day delivery and it is still not here', 'broken_promise'],
    ['说好今天上门安装，现在还没人来', 'broken_promise'],
    ['this is my fifth message about the same thing', 'repeated_requests'],
    ['我已经催了四次了', 'repeated_requests'],
    ['are you kidding me with this packaging', 'accusing_question'],
    ['你们客服到底怎么回事', 'accusing_question'],
    ['the driver was really rude to my father', 'mistreated'],
    ['送货的直接把箱子扔在楼下', 'mistreated'],
    ['I have had enough of this store', 'giving_up'],
    ['受够了，删了你们的应用', 'giving_up'],
  ])('%s shows %s', (text, cue) => {
    expect(angerCues(text)).toContain(cue);
  });
});

describe('the message reads as angry', () => {
  test.each([
    'amazing how the parcel got lost again 🙄',
    'I was told the refund would take three days, it has been three weeks',
    '第三次联系你们了，还是没人处理',
    '真是好服务啊，包裹又丢了',
  ])('%s', (text) => {
    expect(emotion(text)).toBe('ANGRY');
  });
});

describe('honest praise, plain questions and troubles stay as they are', () => {
  test.each([
    ['thank you, the new one works perfectly', 'HAPPY'],
    ['the blender arrived quickly, great job, thanks', 'HAPPY'],
    ['电饭煲煮饭夹生是怎么回事', 'NEUTRAL'],
    ['我买了两次你们的茶，都很好喝', 'HAPPY'],
  ])('%s → %s', (text, expected) => {
    expect(emotion(text)).toBe(expected);
  });
});
