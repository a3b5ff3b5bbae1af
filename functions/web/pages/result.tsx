import { answers as statements, overlapsWithRedFlags, type Answer, type Flag } from "../../domain/subscriber/self-check";
import { FlagAdvice, Signposts } from "./advice";
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
      <FlagAdvice flags={props.flags} context="result" id="result" />
      <p>
        We've sent you an email with a link to confirm your address. Nothing else will arrive until you confirm. If you
        can't find it, look in your spam folder; if nothing has come after ten minutes, please sign up again. The link
        works for 7 days.
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
      <Signposts answers={props.answers} />
      <CallToAction />
    </Layout>
  );
}
