// Reads device details from the customer's words: a product category, a model name, a 1–5 score.
const PRODUCTS: [RegExp, string][] = [
  [/dish ?washer|aquaclean|洗碗机/i, 'dishwashers'],
  [/printer|laserjet|printjet|打印机/i, 'printers'],
  [/air ?purifier|pureair|净化器/i, 'air-purifiers'],
  [/robot ?vacuum|cleanbot|扫地机/i, 'robot-vacuums'],
  [/water ?heater|heatpro|热水器/i, 'water-heaters'],
];

/** Words that lead the knowledge base to a category's manual when the model is not known, in each language. */
export const MANUAL_WORDS: Record<string, { en: string; zh: string }> = {
  dishwashers: { en: 'dishwasher manual', zh: '洗碗机说明书' },
  printers: { en: 'printer manual', zh: '打印机说明书' },
  'air-purifiers': { en: 'air purifier manual', zh: '空气净化器说明书' },
  'robot-vacuums': { en: 'robot vacuum manual', zh: '扫地机器人说明书' },
  'water-heaters': { en: 'water heater manual', zh: '热水器说明书' },
};

/** "洗碗机", "my dishwasher", "AquaClean D6": the product category. */
export function productOf(text: string): string | undefined {
  return PRODUCTS.find(([pattern]) => pattern.test(text))?.[1];
}

/** "AquaClean D6", "型号是 PrintJet 200": a model name is a word followed by a letter-and-digit code. */
export function readModel(text: string): string | undefined {
  const match =
    /([A-Za-z][A-Za-z-]+(?:\s+[A-Za-z][A-Za-z-]+)?\s+[A-Za-z]{0,3}\d{1,4}[A-Za-z]?(?:\s+(?:Pro|Max|Mini|Plus))?)/i.exec(
      text,
    );
  const model = match?.[1]?.trim();
  if (!model || /^(serial|sn|number|error|code|step)\b/i.test(model)) return undefined;
  return model;
}

const SCORE_WORDS: [RegExp, string][] = [
  [/非常满意|五星|满分|excellent|perfect/i, '5'],
  [/很不满意|一星|terrible|awful/i, '1'],
];

/** "5", "4 stars", "5分", "五星": a score from 1 to 5. */
export function readScore(text: string): string | undefined {
  const digit = /^\s*([1-5])\s*(分|星|stars?|\/\s*5)?\s*[.!。！]?\s*$/i.exec(text);
  if (digit) return digit[1];
  return SCORE_WORDS.find(([pattern]) => pattern.test(text))?.[1];
}
