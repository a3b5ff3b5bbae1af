import peg from "../../templates/instruments/peg.json" with { type: "json" };
import { HIGHEST_SCORE, LOWEST_SCORE } from "./pain-scale";

/**
 * The outcome questions asked at signup, after the last email and at the follow-up, defined
 * once for the pages, the emails and the form schemas.
 *
 * The three 0–10 items are the PEG (Krebs et al. 2009). Their wording is third-party text,
 * kept apart from the code in `templates/instruments/peg.json` with its own notice: it is not
 * covered by this project's licence (README, "Outcome measures"). This module reads it; the
 * code only ever sees three numbers from 0 to 10.
 */
export const MEASURE_IDS = ["pain", "enjoyment", "activity"] as const;
export type MeasureId = (typeof MEASURE_IDS)[number];

export interface MeasureItem {
  id: MeasureId;
  question: string;
  /** what 0 means, and what 10 means */
  low: string;
  high: string;
}

function itemsOf(file: typeof peg): readonly MeasureItem[] {
  const items = file.items.map((item) => ({ ...item, id: item.id as MeasureId }));
  const ids = items.map((item) => item.id).join(",");
  if (ids !== MEASURE_IDS.join(",")) throw new Error(`templates/instruments/peg.json: expected the items ${MEASURE_IDS.join(", ")}, found ${ids}`);
  return items;
}

/** P (average pain), E (interference with enjoyment of life), G (interference with general activity), in the PEG's order. */
export const measureItems: readonly MeasureItem[] = itemsOf(peg);

/** "0 = No pain, 10 = Pain as bad as you can imagine", for an item's hint. */
export const anchorsOf = (item: MeasureItem) => `${LOWEST_SCORE} = ${item.low}, ${HIGHEST_SCORE} = ${item.high}`;

/**
 * The global impression of change: one item in our own words (a 5-point global rating of
 * change, modelled on the public-domain PGIC, Farrar et al. 2001). Covered by this project's
 * licence like the rest of the code.
 */
export const IMPRESSION_QUESTION = "Compared with before the program, your back is:";
export const impressions = [
  { id: "muchBetter", label: "Much better" },
  { id: "better", label: "A little better" },
  { id: "same", label: "About the same" },
  { id: "worse", label: "A little worse" },
  { id: "muchWorse", label: "Much worse" },
] as const;
export type Impression = (typeof impressions)[number]["id"];
export const impressionIds = impressions.map((i) => i.id) as [Impression, ...Impression[]];
