// Anger that shows in what is said, not in punctuation: sarcasm, broken promises, repeated asking, accusing questions.
import type { Sentiment } from '../../../workflows/types';

/** One kind of sign that a customer is angry, in both languages. */
interface AngerCue {
  name: string;
  test(text: string): boolean;
}

const PRAISE =
  /\b(?:wow|amazing|great|wonderful|fantastic|brilliant|excellent|superb|impressive|lovely|perfect|well done|good job|nice going|bravo|thanks a lot|thanks for nothing)\b|真是好|真好啊|太棒了|真棒|真行|真厉害|太厉害|好服务|服务真|效率真高|真是谢谢|谢谢你们了|佩服/i;

/** What the praise is wrapped around: waiting, losing, breaking, late, again. */
const COMPLAINT_CONTENT =
  /\b(?:only took|took (?:\w+ )?(?:days|weeks|months)|(?:days|weeks|months) late|lost|losing|broke|broken|smashed|late|again|never (?:came|arrived)|still waiting|waited|waiting|nothing works|not working|missing)\b|才到|才发|又丢|丢了|弄丢|坏了|摔坏|又要等|等了|迟到|晚了|又是|还没到|没收到/i;

const SARCASM_MARKS = /🙄|😒|🙃|👏|🤡|😑|😤|呵呵|[（(]微笑[)）]|\/s\b/u;

const ANGER_CUES: readonly AngerCue[] = [
  {
    // "wow, lovely service, it only took a month 🙄": praise that cannot be meant, around a complaint.
    name: 'sarcasm',
    test: (text) =>
      (SARCASM_MARKS.test(text) && (PRAISE.test(text) || COMPLAINT_CONTENT.test(text))) ||
      (PRAISE.test(text) &&
        COMPLAINT_CONTENT.test(text) &&
        !/\b(?:thank you|thanks)\b[^.!?]*$|谢谢$/i.test(text)),
  },
  {
    // "you said it would ship on friday, it's wednesday": a promise, then time that has passed.
    name: 'broken_promise',
    test: (text) =>
      /\b(?:promised|you (?:said|told me|guaranteed|assured)|was told|were told|supposed to (?:be|arrive|ship|come)|guaranteed)\b[^]*\b(?:it'?s been|it has been|been|now|still|already|yet|and nothing|but)\b/i.test(
        text,
      ) || /(?:承诺|说好|答应|保证|说了)[^]*(?:现在|都|还没|还是|结果|到现在|至今|了)/.test(text),
  },
  {
    // "the third email and nobody answers", "问了三遍都没人解决": asking again and again without an answer.
    name: 'repeated_requests',
    test: (text) =>
      /\b(?:(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|umpteenth) (?:time|email|message|call|request)|(?:two|three|four|five|several|multiple|many|\d+) times|over and over|again and again|keep (?:getting|asking|telling|explaining|chasing)|every (?:single )?time|same (?:answer|reply|response|copy)|copy[- ]?paste)/i.test(
        text,
      ) ||
      /第[二三四五六七八九十\d]+次|(?:问|说|催|找|打|联系|反映|发|提|讲)了?[两三四五六七八九十几\d]+[遍次回]|每次都|反复|一遍又一遍|复制粘贴|同样的回复|老是这样|又是这样/.test(
        text,
      ),
  },
  {
    // "what is going on?", "你们怎么回事": a question that accuses rather than asks.
    name: 'accusing_question',
    test: (text) =>
      /\b(?:what(?:'s| is| the hell is)? going on|are you (?:kidding|serious|joking)|is this (?:how|what) you|how (?:hard|difficult) can it be|what(?:'s| is) wrong with you|seriously\?|do you even)\b/i.test(
        text,
      ) ||
      /你们[^,.!?。]{0,6}怎么回事|怎么搞的|搞什么|有意思吗|什么意思[?？]|就是这么|就这么对待|这么对待|什么破|还有没有人管|你们到底|凭什么/.test(
        text,
      ),
  },
  {
    // "the courier threw it over the fence", "态度太恶劣": mistreatment by the people serving them.
    name: 'mistreated',
    test: (text) =>
      /\b(?:threw|thrown|tossed|rude|shouted|yelled|insulted|hung up on me|slammed)\b/i.test(text) ||
      /态度(?:太|很|非常|极其)?(?:恶劣|差|不好)|扔|摔|骂人|挂我电话|甩/.test(text),
  },
  {
    // "I'm done with this shop", "受够了": giving up on the shop.
    name: 'giving_up',
    test: (text) =>
      /\b(?:i'?m done with|fed up|had enough|never (?:again|buying|ordering|shopping)|last time i (?:buy|order)|done with (?:this|you))\b/i.test(
        text,
      ) || /受够了|再也不|最后一次在|拉黑|卸载/.test(text),
  },
  {
    // "talk to a human now", "马上给我转人工": a demand, not a request.
    name: 'demand',
    test: (text) =>
      /\b(?:right now|now!|immediately|asap)\b|\bnow\s*[.!]*$/i.test(text) &&
      /\b(?:human|person|manager|refund|cancel|talk|give|get)\b/i.test(text)
        ? true
        : /(?:马上|立刻|立即|赶紧|赶快)(?:给我|帮我)/.test(text),
  },
];

/** The anger cues a message shows, by name (for tests and for the case's frustration trend). */
export function angerCues(text: string): string[] {
  return ANGER_CUES.filter((cue) => cue.test(text)).map((cue) => cue.name);
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The lexicon's reading, corrected by what the message says: praise around a complaint is not happiness, and a
 * broken promise is anger even without an exclamation mark. A message with none of these cues is left as it is.
 */
export function withAngerCues(text: string, sentiment: Sentiment): Sentiment {
  const cues = angerCues(text);
  if (cues.length === 0) return sentiment;
  const polarity = Math.min(
    sentiment.polarity > 0 ? -sentiment.polarity : sentiment.polarity,
    -0.5 - 0.1 * cues.length,
  );
  const intensity = Math.max(sentiment.intensity, Math.min(0.85, 0.55 + 0.1 * cues.length));
  return { polarity: round(Math.max(-1, polarity)), emotion: 'ANGRY', intensity: round(intensity) };
}
