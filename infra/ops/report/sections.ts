import type { Stats } from "../stats/figures";
import { deliverability } from "./deliverability";
import { change, pain } from "./outcomes";
import { cohorts, engagement, reach, redFlags } from "./program";
import { safetyNet } from "./safety";
import type { Section } from "./section";

/** The report's sections, in reading order. */
export const sectionsOf = (stats: Stats): Section[] => [
  reach(stats),
  pain(stats),
  change(stats),
  engagement(stats),
  redFlags(stats),
  safetyNet(stats),
  cohorts(stats),
  deliverability(stats),
];
