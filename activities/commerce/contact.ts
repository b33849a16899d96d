// Normalises and compares customer contact details (email, phone) the same way on import, extraction and verification.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** Phone numbers typed without a country code are read in this region unless the caller names another. */
export const DEFAULT_PHONE_REGION = 'US';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** An 11-digit number starting 13–19 is a Chinese mobile number wherever the shop is, when the plan says it is valid. */
const CHINESE_MOBILE = /^1[3-9]\d{9}$/;

/**
 * The number in E.164 (e.g. "+14155550100"), or null when it is not a valid phone number.
 * "+1 415 555 0100", "(415) 555-0100" (region US) and "001 415 555 0100" are one number; so are
 * "138 0013 8000" and "+86 13800138000".
 */
export function normalizePhone(raw: string, defaultRegion: string = DEFAULT_PHONE_REGION): string | null {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 17) return null;
  if (!trimmed.startsWith('+') && CHINESE_MOBILE.test(digits)) {
    // "14155550100" is a US number with its country code, not a Chinese mobile: ask the numbering plan.
    const chinese = parsePhoneNumberFromString(digits, 'CN');
    if (chinese?.isValid()) return chinese.number;
  }
  const international = digits.startsWith('00') && !trimmed.startsWith('+') ? `+${digits.slice(2)}` : trimmed;
  const parsed = parsePhoneNumberFromString(international, defaultRegion as CountryCode);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}

/** True only when both are phone numbers and they are the same whole number in E.164: never a suffix match. */
export function samePhone(a: string, b: string, defaultRegion: string = DEFAULT_PHONE_REGION): boolean {
  const x = normalizePhone(a, defaultRegion);
  return x !== null && x === normalizePhone(b, defaultRegion);
}

export function sameEmail(a: string, b: string): boolean {
  return normalizeEmail(a) === normalizeEmail(b);
}
