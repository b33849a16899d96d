// Reads a pick from a numbered list: "第二个", "the 2nd one", "#3", "2", "the last one".
const WORDS: [RegExp, number][] = [
  [/\b(first|1st)\b|第一|第1/i, 1],
  [/\b(second|2nd)\b|第二|第2/i, 2],
  [/\b(third|3rd)\b|第三|第3/i, 3],
  [/\b(fourth|4th)\b|第四|第4/i, 4],
  [/\b(fifth|5th)\b|第五|第5/i, 5],
];

export function pickOrdinal<T>(text: string, choices: readonly T[]): T | undefined {
  if (/\blast\b|最后/i.test(text)) return choices.at(-1);
  for (const [pattern, n] of WORDS) if (pattern.test(text)) return choices[n - 1];
  const bare = /^\s*(?:#|no\.?\s*|number\s*)?(\d)\s*[.)]?\s*$/i.exec(text);
  return bare ? choices[Number(bare[1]) - 1] : undefined;
}
