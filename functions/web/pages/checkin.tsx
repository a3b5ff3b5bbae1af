import { MAX_NOTE_LENGTH, type Trend } from "../../domain/checkin/checkin";
import { summaryOf } from "../../email/trend-words";
import { RANGE, SCALE, SCORE_ROWS } from "../../email/pain-scale";
import { ErrorText } from "./error-text";
import { Layout } from "./layout";

export type CheckinErrors = Partial<Record<"score" | "note", string>>;


/** The check-in form: the tapped score preselected, an optional note, one button. */
export function CheckinPage(props: {
  action: string;
  week: number;
  score?: number;
  note?: string;
  /** the score already recorded for this week, if any */
  recorded?: number;
  errors?: CheckinErrors;
}) {
  const errors = props.errors ?? {};
  return (
    <Layout title={`Week ${props.week} check-in`}>
      <h1>How is your back this week?</h1>
      {props.recorded !== undefined && (
        <p>
          You already told us {props.recorded} for week {props.week}. Saving again changes it.
        </p>
      )}
      <form method="post" action={props.action}>
        <fieldset aria-describedby={errors.score ? "score-hint score-error" : "score-hint"}>
          <legend>Your back in week {props.week}, {RANGE}</legend>
          <p class="hint" id="score-hint">
            {SCALE}.
          </p>
          <ErrorText id="score-error" message={errors.score} />
          {SCORE_ROWS.map((row) => (
            <div class="scale">
              {row.map((score) => (
                <label class="score" for={`score-${score}`}>
                  <input type="radio" name="score" value={String(score)} id={`score-${score}`} checked={props.score === score} />
                  {score}
                </label>
              ))}
            </div>
          ))}
        </fieldset>
        <label class="field" for="note">
          What helped this week? (optional)
        </label>
        <p class="hint" id="note-hint">
          One line, up to {MAX_NOTE_LENGTH} characters. Only you will see it, in your last email and when you download
          your data.
        </p>
        <ErrorText id="note-error" message={errors.note} />
        <input
          type="text"
          id="note"
          name="note"
          maxlength={MAX_NOTE_LENGTH}
          autocomplete="off"
          value={props.note ?? ""}
          aria-invalid={errors.note ? "true" : undefined}
          aria-describedby={errors.note ? "note-hint note-error" : "note-hint"}
        />
        <div class="actions">
          <button type="submit">Save my answer</button>
        </div>
      </form>
    </Layout>
  );
}

/** The weeks so far as a table: the score and a meter per week, and "no check-in" where there is none. */
export function TrendTable(props: { trend: Trend }) {
  return (
    <table>
      <caption>Your weekly scores ({SCALE})</caption>
      <thead>
        <tr>
          <th scope="col">Week</th>
          <th scope="col">Score</th>
        </tr>
      </thead>
      <tbody>
        {props.trend.weeks.map(({ week, score }) => (
          <tr>
            <th scope="row">Week {week}</th>
            {score === undefined ? (
              <td>no check-in</td>
            ) : (
              <td>
                {score}{" "}
                <meter min={0} max={10} low={4} high={7} optimum={0} value={score} aria-hidden="true">
                  {score} out of 10
                </meter>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** After saving: the answer back, and the trend so far. */
export function CheckinSavedPage(props: { week: number; score: number; trend: Trend; changeUrl: string; finished: boolean }) {
  return (
    <Layout title="Check-in saved">
      <h1>Thanks, that's saved</h1>
      <p>
        Week {props.week}: {props.score} out of 10. <a href={props.changeUrl}>Change this week's answer</a>
      </p>
      <section class="card" aria-labelledby="trend-heading">
        <h2 id="trend-heading">Your weeks so far</h2>
        <p>{summaryOf(props.trend)}</p>
        <TrendTable trend={props.trend} />
      </section>
      {!props.finished && <p>Your last email will show the whole picture, with what to keep doing.</p>}
    </Layout>
  );
}
