import { answers, flags } from "../../domain/subscriber/self-check";
import { FlagAdvice } from "./advice";
import { useBrand } from "./brand";
import { ErrorText } from "./error-text";
import { Layout } from "./layout";
import { MeasureFields, type MeasureValues } from "./measures";

export type FieldErrors = Partial<Record<"email" | "answers" | "flags" | "tz" | "baseline" | "consent" | "website" | "form", string>>;

export interface SignupValues {
  email?: string;
  answers?: readonly string[];
  flags?: readonly string[];
  /** the baseline's numbers, as posted */
  scores?: MeasureValues["scores"];
  consent?: boolean;
}

/** Where the error summary's link for a field goes. */
const anchorOf = (field: string) =>
  field === "answers" || field === "flags" ? `${field}-error` : field === "baseline" ? "measures-error" : field;

/** A fieldset of checkboxes posting `name` once per ticked option, its hint and error tied to it. */
export function CheckboxGroup(props: {
  name: "answers" | "flags";
  legend: string;
  hint: string;
  options: readonly { id: string; label: string }[];
  checked: readonly string[];
  error?: string;
}) {
  const errorId = `${props.name}-error`;
  const hintId = `${props.name}-hint`;
  return (
    <fieldset aria-describedby={props.error ? `${hintId} ${errorId}` : hintId}>
      <legend>{props.legend}</legend>
      <p class="hint" id={hintId}>
        {props.hint}
      </p>
      <ErrorText id={errorId} message={props.error} />
      {props.options.map((option) => (
        <div class="check">
          <input
            type="checkbox"
            name={props.name}
            value={option.id}
            id={`${props.name}-${option.id}`}
            checked={props.checked.includes(option.id)}
          />
          <label for={`${props.name}-${option.id}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

export function SignupPage(props: { values?: SignupValues; errors?: FieldErrors }) {
  const values = props.values ?? {};
  const errors = props.errors ?? {};
  const messages = Object.entries(errors);
  const brand = useBrand();
  // a form sent back with a warning sign ticked: its advice comes before anything else, errors included
  const ticked = (values.flags ?? []).filter((id) => flags.some((f) => f.id === id));
  return (
    <Layout title="Stress, back pain and what helps" scripts={["tz", "advice"]}>
      <h1>Stress, back pain and what helps</h1>
      {ticked.length > 0 && <FlagAdvice flags={ticked} context="signup" id="posted" />}
      <p>
        Back pain and stress often feed each other. {brand.name} is a free email program: <strong>one short email a week
        for nine weeks</strong>, each with one simple practice for breathing, gentle movement, food or sleep.
      </p>
      <p>Start with a short self-check. It takes about a minute and shapes the order of your emails.</p>
      {messages.length > 0 && (
        <div class="errors" role="alert" tabindex={-1} id="error-summary">
          <h2>Please check the form</h2>
          <ul>
            {messages.map(([field, message]) => (
              <li>
                <a href={`#${anchorOf(field)}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <form method="post" action="/subscribe" novalidate>
        <CheckboxGroup
          name="answers"
          legend="Which of these fit you? Tick any that apply."
          hint="There are no right or wrong answers. Leave them all empty if none fit."
          options={answers}
          checked={values.answers ?? []}
          error={errors.answers}
        />
        <CheckboxGroup
          name="flags"
          legend="Do you have any of these right now?"
          hint="These signs need a doctor's check. Ticking one won't stop you joining: we'll show you what to do straight away."
          options={flags}
          checked={values.flags ?? []}
          error={errors.flags}
        />
        <FlagAdvice flags={ticked.length > 0 ? [] : (values.flags ?? [])} context="signup" id="live" live />
        <h2>Your pain before you start (optional)</h2>
        <p class="hint">
          Three questions about the past week. At the end of the program we ask them again, so you can see what changed.
          Answer any, all or none: they don't change your emails.
        </p>
        <MeasureFields scores={values.scores} error={errors.baseline} />
        <label class="field" for="email">
          Your email address
        </label>
        <ErrorText id="email-error" message={errors.email} />
        <input
          type="email"
          id="email"
          name="email"
          autocomplete="email"
          required
          maxlength={254}
          value={values.email ?? ""}
          aria-invalid={errors.email ? "true" : undefined}
          aria-describedby={errors.email ? "email-error" : undefined}
        />
        <div class="check">
          <input
            type="checkbox"
            id="consent"
            name="consent"
            value="yes"
            required
            checked={values.consent}
            aria-invalid={errors.consent ? "true" : undefined}
            aria-describedby={errors.consent ? "consent-error" : "consent-hint"}
          />
          <label for="consent">
            I agree that {brand.name} may store my answers to personalise my emails, and any pain scores I give to show me
            what changed. I can download or delete them at any time from any email.
          </label>
        </div>
        <ErrorText id="consent-error" message={errors.consent} />
        <p class="hint" id="consent-hint">
          We only use your address to send this program. We never share it.
          {brand.privacyUrl && (
            <>
              {" "}
              Read our <a href={brand.privacyUrl}>privacy notice</a>.
            </>
          )}
        </p>
        <input type="hidden" name="tz" value="UTC" />
        <div class="hp" aria-hidden="true">
          <label for="website">Leave this field empty</label>
          <input type="text" id="website" name="website" tabindex={-1} autocomplete="off" value="" />
        </div>
        <div class="actions">
          <button type="submit">Start the program</button>
        </div>
      </form>
      <p class="hint">We'll send one email to confirm your address first. Nothing else arrives until you confirm.</p>
    </Layout>
  );
}
