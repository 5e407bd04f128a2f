/** Money on the screens: decimal strings formatted exactly (Intl formats a string without turning it into a float). */
import { locale } from "../../../format";

/** "1000000.01" EUR → "€1,000,000.01" in English, "1 000 000,01 €" in French. */
export function formatMoney(amount: string, currency: string): string {
  try {
    // Intl.NumberFormat takes a decimal string and keeps every digit (ECMA-402 2023); the cast is for older typings.
    return new Intl.NumberFormat(locale(), { style: "currency", currency }).format(amount as unknown as number);
  } catch {
    return `${amount} ${currency}`;
  }
}
