import { SMALL_CELL } from "../stats/figures";
import type { MeanChange } from "../stats/outcomes";
import type { Proportion } from "../stats/statistics";

/**
 * How figures appear in the report's tables. Any cell about fewer than SMALL_CELL subscribers
 * says so instead of showing its number, and a rate or mean built on such a cell goes with it.
 */
export const SUPPRESSED = `fewer than ${SMALL_CELL}`;

export const isSmall = (...counts: number[]) => counts.some((n) => n < SMALL_CELL);

export const count = (n: number) => (isSmall(n) ? SUPPRESSED : n.toLocaleString("en-US"));

export const percentOf = (rate: number | null, digits = 1) => (rate === null ? "–" : `${(rate * 100).toFixed(digits)}%`);

/** A share of a whole, shown only when both the part and the whole are about enough people. */
export const share = (part: number, whole: number, digits = 1) =>
  isSmall(part, whole) ? SUPPRESSED : percentOf(part / whole, digits);

/** A score or score interval, shown only when enough people gave one. */
export const score = (value: number | null, n: number) => (isSmall(n) ? SUPPRESSED : value === null ? "–" : value.toFixed(1));

/** "7 of 20: 35.0% (18.1–56.7%)": a share with its 95 % interval, when both the count and the whole are big enough. */
export function proportion(p: Proportion): string {
  if (isSmall(p.count, p.n) || p.rate === null || p.low === null || p.high === null) return SUPPRESSED;
  const pct = (x: number) => (x * 100).toFixed(1);
  return `${count(p.count)} of ${count(p.n)}: ${pct(p.rate)}% (${pct(p.low)}–${pct(p.high)}%)`;
}

/** A signed change with one decimal: "−1.8", "+0.4", "0.0". */
export const signed = (x: number) => {
  const fixed = x.toFixed(1);
  return fixed === "0.0" || fixed === "-0.0" ? "0.0" : x > 0 ? `+${fixed}` : fixed.replace("-", "−");
};

/** A mean change and its interval, shown only when enough people gave both scores. */
export function meanChange(m: MeanChange): [mean: string, interval: string] {
  if (isSmall(m.n) || m.mean === null) return [SUPPRESSED, SUPPRESSED];
  return [signed(m.mean), m.low === null || m.high === null ? "–" : `${signed(m.low)} to ${signed(m.high)}`];
}
