import { SCORES } from "../../../functions/email/pain-scale";

/**
 * Summaries of 0–10 pain scores. Scores are whole numbers, so a count per value (a histogram
 * with one bin per score of the scale, `email/pain-scale.ts`) is all a summary needs, however
 * many people checked in.
 */
export type Histogram = number[];

export const emptyHistogram = (): Histogram => Array.from({ length: SCORES.length }, () => 0);

export interface ScoreSummary {
  n: number;
  mean: number;
  median: number;
  /** the 95 % t-interval around the mean; null with fewer than two scores */
  low: number | null;
  high: number | null;
}

/**
 * Two-sided 97.5 % quantiles of Student's t for 1 to 30 degrees of freedom (standard tables).
 * Beyond 30, the Cornish–Fisher expansion around the normal quantile is within 0.0001.
 */
const T_975 = [
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281, 2.201, 2.1788, 2.1604, 2.1448, 2.1314,
  2.1199, 2.1098, 2.1009, 2.093, 2.086, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
];
const Z_975 = 1.959964;

export function tQuantile975(df: number): number {
  const tabled = T_975[df - 1];
  if (tabled !== undefined) return tabled;
  const z = Z_975;
  return (
    z +
    (z ** 3 + z) / (4 * df) +
    (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2) +
    (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3)
  );
}

/** The value at 0-based position `rank` in the sorted values (bin i holds the value `lowest + i`). */
function valueAt(histogram: Histogram, rank: number, lowest: number): number {
  let seen = 0;
  for (const [bin, count] of histogram.entries()) {
    seen += count;
    if (rank < seen) return lowest + bin;
  }
  throw new RangeError(`rank ${rank} is past the last value`);
}

/**
 * Mean, median and the mean's 95 % t-interval (mean ± t₀.₉₇₅,ₙ₋₁ · s/√n) of whole numbers
 * counted in a histogram whose first bin is `lowest` (0 for scores; −10 for changes of a
 * score, say); null when empty.
 */
export function summarise(histogram: Histogram, lowest = 0): ScoreSummary | null {
  const n = histogram.reduce((sum, count) => sum + count, 0);
  if (n === 0) return null;
  const mean = histogram.reduce((sum, count, bin) => sum + count * (lowest + bin), 0) / n;
  const median = (valueAt(histogram, Math.floor((n - 1) / 2), lowest) + valueAt(histogram, Math.floor(n / 2), lowest)) / 2;
  if (n < 2) return { n, mean, median, low: null, high: null };
  const variance = histogram.reduce((sum, count, bin) => sum + count * (lowest + bin - mean) ** 2, 0) / (n - 1);
  const half = tQuantile975(n - 1) * Math.sqrt(variance / n);
  return { n, mean, median, low: mean - half, high: mean + half };
}

/** A share of a group: `count` of `n`, with its Wilson 95 % interval (all null when n is 0). */
export interface Proportion {
  count: number;
  n: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}

/**
 * The Wilson score interval (Wilson 1927; Brown, Cai & DasGupta 2001 recommend it over the
 * Wald interval): with p̂ = k/n and z = z₀.₉₇₅,
 *   centre = (p̂ + z²/2n) / (1 + z²/n),  half = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²),
 * clamped to [0, 1] (floating point can put a bound a hair outside it at k = 0 or k = n).
 */
export function wilson(count: number, n: number): Proportion {
  if (n === 0) return { count, n, rate: null, low: null, high: null };
  const p = count / n;
  const z2 = Z_975 ** 2;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z_975 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { count, n, rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
