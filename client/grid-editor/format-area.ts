import { currentLang } from '../i18n/i18n.ts';

/** An area as people read it: square metres up to a hectare, then km² with two decimals. */
export function formatArea(m2: number): string {
  const format = (n: number, digits: number) => new Intl.NumberFormat(currentLang(), { maximumFractionDigits: digits }).format(n);
  return m2 < 10_000 ? `${format(m2, m2 < 10 ? 1 : 0)} m²` : `${format(m2 / 1e6, 2)} km²`;
}
