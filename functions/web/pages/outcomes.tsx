import type { Measures } from "../../domain/outcomes/measures";
import { Layout } from "./layout";
import { ImpressionField, MeasureFields, type MeasureValues } from "./measures";

export type OutcomeErrors = Partial<Record<"measures" | "change" | "followUp", string>>;

interface FormProps {
  action: string;
  values: MeasureValues;
  /** they answered before: saving again changes it */
  answeredBefore: boolean;
  errors?: OutcomeErrors;
}

/** The questions, the impression and a save button; `children` go before the button (the follow-up's box). */
function OutcomeForm(props: FormProps & { children?: unknown }) {
  const errors = props.errors ?? {};
  return (
    <form method="post" action={props.action}>
      <MeasureFields scores={props.values.scores} error={errors.measures} />
      <ImpressionField change={props.values.change} error={errors.change} />
      {props.children}
      <div class="actions">
        <button type="submit">Save my answers</button>
      </div>
    </form>
  );
}

const answeredNote = (answeredBefore: boolean) =>
  answeredBefore ? <p>You have answered these before. Saving again changes your answers.</p> : null;

/** The questions after the last email, with the follow-up's opt-in while it can still be asked for. */
export function EndPage(props: FormProps & { followUpOpen: boolean; followUp: boolean; leftAlready: boolean }) {
  const errors = props.errors ?? {};
  return (
    <Layout title="How is your back now?">
      <h1>How is your back now?</h1>
      <p>The same three questions as when you signed up, and one about how you are overall. Answer any, all or none.</p>
      {answeredNote(props.answeredBefore)}
      <OutcomeForm {...props}>
        {props.followUpOpen ? (
          <fieldset aria-describedby="followUp-hint">
            <legend>One more email, in about three months?</legend>
            <p class="hint" id="followUp-hint">
              We'd ask these questions once more, and that is the last email you would get. You can still unsubscribe at any
              time.
            </p>
            <div class="check">
              <input type="checkbox" id="followUp" name="followUp" value="yes" checked={props.followUp} />
              <label for="followUp">Yes, email me once more in about three months</label>
            </div>
            {errors.followUp && <p class="error">{errors.followUp}</p>}
          </fieldset>
        ) : props.leftAlready ? (
          <p class="hint">You've unsubscribed, so we won't email you again.</p>
        ) : null}
      </OutcomeForm>
    </Layout>
  );
}

/** The follow-up's questions. */
export function FollowUpPage(props: FormProps) {
  return (
    <Layout title="How is your back now?">
      <h1>How is your back now?</h1>
      <p>The same questions as at the end of the program. Answer any, all or none.</p>
      {answeredNote(props.answeredBefore)}
      <OutcomeForm {...props} />
    </Layout>
  );
}

/** "Your pain on average: 6 out of 10 when you signed up, 3 now", when both were given. */
function Comparison(props: { baseline?: Measures; now?: Measures }) {
  const before = props.baseline?.pain;
  const after = props.now?.pain;
  if (before === undefined || after === undefined) return null;
  return (
    <p>
      Your pain on average: {before} out of 10 when you signed up, {after} now.
    </p>
  );
}

export function OutcomeSavedPage(props: {
  baseline?: Measures;
  now?: Measures;
  changeUrl: string;
  /** when the follow-up is due, in words ("June 2027"), if one is coming */
  followUpIn?: string;
  last: boolean;
}) {
  return (
    <Layout title="Answers saved">
      <h1>Thanks, that's saved</h1>
      <Comparison baseline={props.baseline} now={props.now} />
      {props.followUpIn && (
        <p>
          We'll email you once more, around {props.followUpIn}, with the same questions. Changed your mind? Open this page again
          from your last email and untick the box, or unsubscribe.
        </p>
      )}
      {props.last && <p>That was the last email from us. Take good care of your back.</p>}
      <p>
        If your back isn't getting better, or it's getting worse, please see a doctor or physiotherapist.{" "}
        <a href={props.changeUrl}>Change my answers</a>
      </p>
    </Layout>
  );
}
