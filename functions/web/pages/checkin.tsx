import { MAX_NOTE_LENGTH, type Trend } from "../../domain/checkin/checkin";
import type { CheckinAlerts } from "../../domain/checkin/safety";
import type { flags as warningSigns } from "../../domain/subscriber/self-check";
import { summaryOf } from "../../email/trend-words";
import { RANGE, SCALE, SCORE_ROWS } from "../../email/pain-scale";
import { FlagAdvice, ScoreAdvice } from "./advice";
import { ErrorText } from "./error-text";
import { Layout } from "./layout";
import { CheckboxGroup } from "./signup";

export type CheckinErrors = Partial<Record<"score" | "note" | "flags", string>>;

type Sign = (typeof warningSigns)[number];

/** The warning signs again, briefly: those they haven't told us about, each by its short name, the advice under them. */
function NewSigns(props: { signs: readonly Sign[]; ticked: readonly string[]; error?: string; adviceShown: boolean }) {
  if (props.signs.length === 0) return null;
  return (
    <>
      <CheckboxGroup
        name="flags"
        legend="Anything new?"
        hint="Tick any of these you have now. We'll show you what to do straight away."
        options={props.signs.map((sign) => ({ id: sign.id, label: sign.short }))}
        checked={props.ticked}
        error={props.error}
      />
      <FlagAdvice flags={props.adviceShown ? [] : props.ticked} context="checkin" id="live" live />
    </>
  );
}

/** The check-in form: the tapped score preselected, an optional note, one button. */
export function CheckinPage(props: {
  action: string;
  week: number;
  score?: number;
  note?: string;
  /** the score already recorded for this week, if any */
  recorded?: number;
  /** the warning signs to offer: those not reported yet */
  signs: readonly Sign[];
  /** the signs ticked on a form sent back with an error: their advice comes first */
  ticked?: readonly string[];
  errors?: CheckinErrors;
}) {
  const errors = props.errors ?? {};
  const ticked = (props.ticked ?? []).filter((id) => props.signs.some((s) => s.id === id));
  return (
    <Layout title={`Week ${props.week} check-in`} scripts={["advice"]}>
      <h1>How is your back this week?</h1>
      {ticked.length > 0 && <FlagAdvice flags={ticked} context="checkin" id="posted" />}
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
        <NewSigns signs={props.signs} ticked={ticked} error={errors.flags} adviceShown={ticked.length > 0} />
        <label class="field" for="note">
          What helped this week? (optional)
        </label>
        <p class="hint" id="note-hint">
          One line, up to {MAX_NOTE_LENGTH} characters. It comes back to you in your last email and in your data download.
          It is stored with your answers, so whoever runs this service can read it too.
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

/** After saving: what the check-in calls for first (a new sign's advice, urgent first; a high or rising score's), the answer back, the trend so far. */
export function CheckinSavedPage(props: {
  week: number;
  score: number;
  trend: Trend;
  alerts: CheckinAlerts;
  changeUrl: string;
  finished: boolean;
  /** still being sent the program: the advice says what the next emails do */
  inProgram: boolean;
}) {
  return (
    <Layout title="Check-in saved">
      <h1>Thanks, that's saved</h1>
      <FlagAdvice flags={props.alerts.signs} context={props.inProgram ? "saved" : "left"} id="saved" />
      <ScoreAdvice alerts={props.alerts} />
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
