import {
  answers as statements,
  flags as warningSigns,
  overlapsWithRedFlags,
  tiersOf,
  type Answer,
  type Flag,
} from "../../domain/subscriber/self-check";
import { HELD_IN_WORDS } from "../../domain/program/order";
import { useBrand } from "./brand";
import { Layout } from "./layout";

function summary(count: number): string {
  if (count === 0) return "None of the statements fit you at the moment.";
  return `${count} of the 8 statements ${count === 1 ? "fits" : "fit"} you.`;
}

function meaning(count: number): string {
  if (count === 0)
    return "That's good to hear. The program can still help you understand how stress and tension affect the back, and how to keep it calm.";
  return "Stress can show up in the back in ways like these: muscles that stay tight, pain that is harder to shake off. They can have other causes too, and a self-check can't tell what is behind your pain. The weekly practices are gentle ways to work on the stress side of it.";
}

/** The warning signs someone ticked, each tier in its own box, urgent first. */
function RedFlagAdvice(props: { flags: readonly Flag[] }) {
  const { urgent, soon } = tiersOf(props.flags);
  const ticked = (urgency: "urgent" | "soon") => warningSigns.filter((f) => f.urgency === urgency && props.flags.includes(f.id));
  const list = (urgency: "urgent" | "soon") => (
    <ul>
      {ticked(urgency).map((f) => (
        <li>{f.label}</li>
      ))}
    </ul>
  );
  return (
    <>
      {urgent && (
        <section class="card flag-urgent" aria-labelledby="flag-urgent-heading">
          <h2 id="flag-urgent-heading">Please get urgent medical help today</h2>
          <p>You told us about:</p>
          {list("urgent")}
          <p>
            Together with back pain, these can be signs of a problem that needs checking <strong>today</strong>. Go to an
            emergency department or urgent care, or call your local emergency number. This isn't a diagnosis.
          </p>
          <p>
            Your emails start with the calmer weeks. We hold back the weeks with {HELD_IN_WORDS} until you tell us a doctor has
            checked you: each email has a button for that.
          </p>
        </section>
      )}
      {soon && (
        <section class="card flag-soon" aria-labelledby="flag-soon-heading">
          <h2 id="flag-soon-heading">Please see a doctor in the next few days</h2>
          <p>You told us about:</p>
          {list("soon")}
          <p>
            These signs are worth a doctor's check soon, to rule out causes other than stress. This isn't a diagnosis, and
            you're welcome to read the emails alongside.
          </p>
        </section>
      )}
    </>
  );
}

/** The operator's own call to action, if they gave one: one line and its link, last on the page. */
function CallToAction() {
  const cta = useBrand().callToAction;
  if (!cta) return null;
  return (
    <p class="card cta">
      <a href={cta.url}>{cta.text}</a>
    </p>
  );
}

export function ResultPage(props: { answers: readonly Answer[]; flags: readonly Flag[] }) {
  const count = props.answers.length;
  const overlapping = statements.filter((s) => overlapsWithRedFlags.includes(s.id) && props.answers.includes(s.id));
  return (
    <Layout title="Check your inbox">
      <h1>Almost there: check your inbox</h1>
      <RedFlagAdvice flags={props.flags} />
      <p>
        We've sent you an email with a link to confirm your address. Nothing else will arrive until you confirm. If you
        can't find it, look in your spam folder. The link works for 7 days.
      </p>
      <section class="card" aria-labelledby="result-heading">
        <h2 id="result-heading">Your self-check</h2>
        <p>
          <strong>{summary(count)}</strong> {meaning(count)}
        </p>
        {overlapping.length > 0 && (
          <>
            <p>Some of what you ticked can come from stress, but can also have other causes:</p>
            <ul>
              {overlapping.map((s) => (
                <li>{s.label}</li>
              ))}
            </ul>
            <p>If it lasts more than a few weeks, or gets worse, please see a doctor.</p>
          </>
        )}
        <p>
          This self-check is not a diagnosis. Only a doctor or physiotherapist who examines you can tell you what is
          causing your pain.
        </p>
      </section>
      <CallToAction />
    </Layout>
  );
}
