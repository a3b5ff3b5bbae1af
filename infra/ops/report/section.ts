import { SMALL_CELL } from "../stats/figures";
import type { Chart } from "./charts";

/** Said in words where a chart would have nothing to draw. */
export interface TooFew {
  tooFew: string;
}

/** One part of the report: what it shows, a chart (optional) and the table with its numbers. */
export interface Section {
  id: string;
  heading: string;
  intro: string[];
  chart?: Chart | TooFew;
  table: { caption: string; head: string[]; rows: string[][] };
}

/** The sentence each chart's description ends with. */
export const omitted = (what: string) => `Figures about fewer than ${SMALL_CELL} ${what} are left out of the chart.`;

/**
 * The chart, when it has something to draw (`points` figures that aren't suppressed); else a
 * sentence saying so, instead of an empty axis.
 */
export function chartOf(points: number, what: string, chart: () => Chart): Chart | TooFew {
  if (points > 0) return chart();
  return { tooFew: `No chart yet: too few ${what}. Figures about fewer than ${SMALL_CELL} are left out, and so far every one of them is.` };
}

export const isChart = (chart: Chart | TooFew | undefined): chart is Chart => chart !== undefined && "spec" in chart;
