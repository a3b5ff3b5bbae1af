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

/** The score at 0-based position `rank` in the sorted scores. */
function scoreAt(histogram: Histogram, rank: number): number {
  let seen = 0;
  for (const [score, count] of histogram.entries()) {
    seen += count;
    if (rank < seen) return score;
  }
  throw new RangeError(`rank ${rank} is past the last score`);
}

/** Mean, median and the mean's 95 % t-interval (mean ± t₀.₉₇₅,ₙ₋₁ · s/√n); null when empty. */
export function summarise(histogram: Histogram): ScoreSummary | null {
  const n = histogram.reduce((sum, count) => sum + count, 0);
  if (n === 0) return null;
  const mean = histogram.reduce((sum, count, score) => sum + count * score, 0) / n;
  const median = (scoreAt(histogram, Math.floor((n - 1) / 2)) + scoreAt(histogram, Math.floor(n / 2))) / 2;
  if (n < 2) return { n, mean, median, low: null, high: null };
  const variance = histogram.reduce((sum, count, score) => sum + count * (score - mean) ** 2, 0) / (n - 1);
  const half = tQuantile975(n - 1) * Math.sqrt(variance / n);
  return { n, mean, median, low: mean - half, high: mean + half };
}
