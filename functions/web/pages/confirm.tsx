import type { SignupAnswers } from "../../domain/signup/confirm";
import { answers as statements } from "../../domain/subscriber/self-check";
import { anchorsOf, measureItems } from "../../email/outcome-measures";
import { FlagAdvice } from "./advice";
import { MessagePage } from "./message";

/**
 * The confirm link's page: the answers pressing its button will start the program with. Anyone
 * can type an address into the form, so the owner of the inbox sees what they are confirming,
 * and can tell their own signup from someone else's (each has its own email and link).
 */
export function ConfirmPage(props: { action: string; signup: SignupAnswers }) {
  const { answers, flags, tz, baseline } = props.signup;
  const ticked = statements.filter((s) => answers.includes(s.id));
  return (
    <MessagePage title="Confirm your subscription" action={{ url: props.action, label: "Yes, start my program" }}>
      <p>One more step: press the button to confirm your address and start the program with these answers.</p>
      <FlagAdvice flags={flags} context="result" id="confirm" />
      <section class="card" aria-labelledby="answers-heading">
        <h2 id="answers-heading">The answers you're confirming</h2>
        {ticked.length ? (
          <ul>
            {ticked.map((s) => (
              <li>{s.label}</li>
            ))}
          </ul>
        ) : (
          <p>None of the statements: you didn't tick any.</p>
        )}
        {flags.length === 0 && <p>No warning signs ticked.</p>}
        {baseline && (
          <ul aria-label="Your pain before you start">
            {measureItems.flatMap((item) =>
              baseline[item.id] === undefined ? [] : [<li>{`${item.question} ${baseline[item.id]} (${anchorsOf(item)})`}</li>],
            )}
          </ul>
        )}
        <p>Emails arrive in the morning in this time zone: {tz}.</p>
      </section>
      <p>
        Not what you entered? Then someone else typed your address into our form: don't press the button. If you signed
        up yourself, your own email from us has its own link.
      </p>
    </MessagePage>
  );
}
