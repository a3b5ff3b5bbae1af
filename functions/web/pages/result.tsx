import {
  answers as statements,
  flags as warningSigns,
  overlapsWithRedFlags,
  urgencyOf,
  type Answer,
  type Flag,
} from "../../core/self-check";
import { Layout } from "./layout";

function summary(count: number): string {
  if (count === 0) return "None of the statements fit you at the moment.";
  if (count <= 3) return `${count} of the 8 statements fit you.`;
  return `${count} of the 8 statements fit you. That is quite a lot.`;
}

function meaning(count: number): string {
  if (count === 0)
    return "That's good to hear. The program can still help you understand how stress and tension affect the back, and how to keep it calm.";
  if (count <= 3)
    return "Some of what you feel matches the way stress can show up in the back: muscles that stay tight, pain that is harder to shake off. The weekly practices are made for exactly this.";
  return "This pattern is common when stress and tension play a big part in back pain. Stress keeps muscles tight and makes nerves more sensitive, and pain then adds more stress. Small, steady practices can help break that cycle.";
}

function RedFlagAdvice(props: { flags: readonly Flag[] }) {
  const urgency = urgencyOf(props.flags);
  if (urgency === "none") return null;
  const ticked = warningSigns.filter((f) => props.flags.includes(f.id));
  return (
    <section class={`card flag-${urgency}`} aria-labelledby="flag-heading">
      <h2 id="flag-heading">
        {urgency === "urgent" ? "Please get urgent medical help today" : "Please see a doctor soon"}
      </h2>
      <p>You told us about:</p>
      <ul>
        {ticked.map((f) => (
          <li>{f.label}</li>
        ))}
      </ul>
      {urgency === "urgent" ? (
        <p>
          New problems with your bladder or bowels, or numbness around your genitals or bottom, can be signs of a
          problem that needs checking <strong>today</strong>. Go to an emergency department or urgent care, or call
          your emergency number. This isn't a diagnosis, and the program will still be here afterwards.
        </p>
      ) : (
        <p>
          These signs are worth a doctor's check soon, to rule out causes other than stress. This isn't a diagnosis,
          and you're welcome to read the emails alongside.
        </p>
      )}
    </section>
  );
}

export function ResultPage(props: { answers: readonly Answer[]; flags: readonly Flag[] }) {
  const count = props.answers.length;
  const overlapping = statements.filter((s) => overlapsWithRedFlags.includes(s.id) && props.answers.includes(s.id));
  return (
    <Layout title="Check your inbox">
      <h1>Almost there: check your inbox</h1>
      <p>
        We've sent you an email with a link to confirm your address. Nothing else will arrive until you confirm. If you
        can't find it, look in your spam folder. The link works for 7 days.
      </p>
      <RedFlagAdvice flags={props.flags} />
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
    </Layout>
  );
}
