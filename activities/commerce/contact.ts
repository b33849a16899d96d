// Normalises and compares customer contact details (email, phone) the same way on import, extraction and verification.

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Digits with a leading + when the country is known. Chinese mobile numbers (11 digits starting with 1)
 * get +86, so "138 0013 8000" and "+86 13800138000" are the same customer.
 */
export function normalizePhone(phone: string): string {
  const trimmed = phone.trim();
  let digits = trimmed.replace(/[^\d]/g, '');
  if (trimmed.startsWith('+')) return `+${digits}`;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  if (/^1[3-9]\d{9}$/.test(digits)) return `+86${digits}`;
  if (/^[2-9]\d{9}$/.test(digits)) digits = `1${digits}`;
  if (/^1[2-9]\d{9}$/.test(digits)) return `+${digits}`;
  return digits;
}

/** True when two phone numbers name the same line, allowing one side to omit the country code. */
export function samePhone(a: string, b: string): boolean {
  const x = normalizePhone(a).replace('+', '');
  const y = normalizePhone(b).replace('+', '');
  if (x.length < 7 || y.length < 7) return false;
  return x === y || x.endsWith(y) || y.endsWith(x);
}

export function sameEmail(a: string, b: string): boolean {
  return normalizeEmail(a) === normalizeEmail(b);
}
