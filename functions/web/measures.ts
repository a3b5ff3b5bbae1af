import { MEASURE_IDS, type MeasureId } from "../email/outcome-measures";
import { SCORE_PATTERN } from "../email/pain-scale";
import { single, type Form } from "./form";

/** The three outcome items as a form posted them (each at most once), for the schema. */
export const postedMeasures = (form: Form) =>
  Object.fromEntries(MEASURE_IDS.map((id) => [id, single(form, id)])) as Record<MeasureId, string | undefined>;

/** The numbers among them that are numbers on the scale, to show the form again as it was posted. */
export const postedScores = (posted: Partial<Record<MeasureId, string | undefined>>) =>
  Object.fromEntries(
    MEASURE_IDS.flatMap((id) => (SCORE_PATTERN.test(posted[id] ?? "") ? [[id, Number(posted[id])]] : [])),
  ) as Partial<Record<MeasureId, number>>;
