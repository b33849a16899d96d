// The shopping guide's settings (KEFU_RECOMMENDATIONS_SHOWN, KEFU_CURRENCY_RATES, KEFU_LOCALE_CURRENCIES) and money in the customer's currency.
import type { Locale } from '../../workflows/types';

export interface PresalesSettings {
  /** How many products one recommendation shows. */
  shown: number;
  /** Units of each currency per unit of the first (USD=1,CNY=7.1): catalogue prices shown in the customer's. */
  rates: Record<string, number>;
  /** The currency of each language: budgets are read and prices shown in it. */
  localeCurrencies: Record<Locale, string>;
}

export const DEFAULT_PRESALES: PresalesSettings = {
  shown: 3,
  rates: { USD: 1, CNY: 7.1 },
  localeCurrencies: { en: 'USD', 'zh-CN': 'CNY' },
};

export function currencyFor(settings: PresalesSettings, locale: Locale): string {
  return settings.localeCurrencies[locale] ?? 'USD';
}

/** A catalogue price in another currency, to the whole unit for yuan as shops price them. */
export function convertCents(settings: PresalesSettings, cents: number, from: string, to: string): number {
  if (from === to) return cents;
  const rateFrom = settings.rates[from];
  const rateTo = settings.rates[to];
  if (!rateFrom || !rateTo) return cents;
  const converted = (cents * rateTo) / rateFrom;
  return to === 'CNY' || to === 'JPY' ? Math.round(converted / 100) * 100 : Math.round(converted);
}

/** "USD=1,CNY=7.1" → { USD: 1, CNY: 7.1 }; throws naming the pair that does not read. */
export function parseRates(value: string): Record<string, number> {
  const rates: Record<string, number> = {};
  for (const pair of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [code, rate] = pair.split('=').map((p) => p.trim());
    if (!code || !/^[A-Z]{3}$/.test(code) || !(Number(rate) > 0))
      throw new Error(`"${pair}" is not CODE=rate`);
    rates[code] = Number(rate);
  }
  return rates;
}
