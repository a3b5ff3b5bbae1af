import { SMALL_CELL } from "../stats/figures";

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
