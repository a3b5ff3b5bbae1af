import type { Stats } from "../stats/figures";
import { pain } from "./checkins";
import { deliverability } from "./deliverability";
import { cohorts, engagement, reach, redFlags } from "./program";
import { answered, changes, followUp, groups, impression, responders } from "./results";
import { safetyNet } from "./safety";
import type { Section } from "./section";

/** The report's sections, in reading order: the clinic's question first. */
export const sectionsOf = (stats: Stats): Section[] => [
  responders(stats),
  answered(stats),
  changes(stats),
  impression(stats),
  followUp(stats),
  groups(stats),
  reach(stats),
  pain(stats),
  engagement(stats),
  redFlags(stats),
  safetyNet(stats),
  cohorts(stats),
  deliverability(stats),
];
