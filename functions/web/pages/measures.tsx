import { anchorsOf, IMPRESSION_QUESTION, impressions, measureItems, type MeasureId } from "../../email/outcome-measures";
import { SCORE_ROWS } from "../../email/pain-scale";
import { ErrorText } from "./error-text";

/** What a measures form shows again: the numbers chosen (as posted or as stored) and the impression. */
export interface MeasureValues {
  scores?: Partial<Record<MeasureId, number>>;
  change?: string;
}

/**
 * The three 0–10 outcome questions, each a fieldset of radio buttons (four a row, like the
 * check-in), none chosen until the person chooses: every one is optional.
 */
export function MeasureFields(props: { scores?: MeasureValues["scores"]; error?: string }) {
  return (
    <>
      <ErrorText id="measures-error" message={props.error} />
      {measureItems.map((item) => (
        <fieldset aria-describedby={props.error ? `${item.id}-hint measures-error` : `${item.id}-hint`}>
          <legend>{item.question}</legend>
          <p class="hint" id={`${item.id}-hint`}>
            {anchorsOf(item)}.
          </p>
          {SCORE_ROWS.map((row) => (
            <div class="scale">
              {row.map((score) => (
                <label class="score" for={`${item.id}-${score}`}>
                  <input type="radio" name={item.id} value={String(score)} id={`${item.id}-${score}`} checked={props.scores?.[item.id] === score} />
                  {score}
                </label>
              ))}
            </div>
          ))}
        </fieldset>
      ))}
    </>
  );
}

/** "Compared with before the program, your back is: much better … much worse" (optional). */
export function ImpressionField(props: { change?: string; error?: string }) {
  return (
    <fieldset aria-describedby={props.error ? "change-error" : undefined}>
      <legend>{IMPRESSION_QUESTION}</legend>
      <ErrorText id="change-error" message={props.error} />
      {impressions.map((option) => (
        <div class="check">
          <input type="radio" name="change" value={option.id} id={`change-${option.id}`} checked={props.change === option.id} />
          <label for={`change-${option.id}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}
