import { SMALL_CELL } from "../stats/figures";
import type { Chart } from "./charts";

/** One part of the report: what it shows, a chart (optional) and the table with its numbers. */
export interface Section {
  id: string;
  heading: string;
  intro: string[];
  chart?: Chart;
  table: { caption: string; head: string[]; rows: string[][] };
}

/** The sentence each chart's description ends with. */
export const omitted = (what: string) => `Figures about fewer than ${SMALL_CELL} ${what} are left out of the chart.`;
