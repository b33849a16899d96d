// Reads what a customer wants to change on an order, and a new address typed in either language.
import type { Address } from '../../../activities/presales/types';
import type { ChangeKind } from './replies';

/** What the customer wants to change, in their words. */
export function readWhat(text: string): ChangeKind | undefined {
  if (/address|ship(?:ping)? (?:it )?to|deliver(?:y|ed)? to|send it to|地址|收货|寄到|送到/i.test(text))
    return 'address';
  if (
    /payment|pay(?:ing)? with|pay by|card|paypal|store credit|gift card|支付|付款|换卡|余额|礼品卡/i.test(
      text,
    )
  )
    return 'payment';
  if (/\bsize|colou?r|variant|\bitem|another one|尺码|码数|颜色|款式|换成|换个|大一|小一/i.test(text))
    return 'items';
  return undefined;
}

/** A typed address: "88 Oak Ave, Apt 3, Portland, OR 97205" or "上海市浦东新区世纪大道100号"; the country stays the order's. */
export function readAddress(text: string, country: string): Address | undefined {
  // "… to 88 Oak Ave, …" / "改到上海市…": the address is what follows the last "to" when it has a number in it.
  const line = text.split('\n').at(-1) ?? text;
  const after = /^.*(?:\bto\b|改到|改成|改为|寄到|送到|地址[是为])[:：\s]*(.*\d.*)$/i.exec(line)?.[1];
  const trimmed = (after ?? line).replace(/[.。!！]+\s*$/, '').trim();
  if (!/\d/.test(trimmed)) return undefined;
  if (/\p{Script=Han}/u.test(trimmed)) {
    if (!/[路街道号弄村区巷]/.test(trimmed)) return undefined;
    const address = trimmed.replace(/^(?:改到|改成|寄到|送到|地址[是为：:]?)/, '');
    const city = /^(?:.{2,3}省)?(.{2,3}市)/.exec(address)?.[1] ?? '';
    return { line1: address, city, country };
  }
  const parts = trimmed
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length < 2) return undefined;
  const stateZip = /^([A-Z]{2})\s+(\d{5}(?:-\d{4})?)$/.exec(parts.at(-1) ?? '');
  const rest = stateZip ? parts.slice(0, -1) : parts;
  const [line1, ...more] = rest;
  const city = more.pop() ?? '';
  if (!line1 || !city) return undefined;
  return {
    line1,
    ...(more.length ? { line2: more.join(', ') } : {}),
    city,
    ...(stateZip ? { state: stateZip[1], postcode: stateZip[2] } : {}),
    country,
  };
}
