import type { CheckinAlerts } from "../../domain/checkin/safety";
import { HELD_IN_WORDS } from "../../domain/program/order";
import { flags as warningSigns, type Answer, type Flag } from "../../domain/subscriber/self-check";

/**
 * The safety advice on the pages (CONTENT.md "Safety"): wherever a warning sign is ticked, the
 * matching advice, naming only the signs ticked, urgent first. On a form it is live: every sign
 * is there, hidden until its box is ticked (`/assets/advice.js`, under the same strict CSP;
 * without JavaScript the page the form posts to shows it first).
 */
type Tier = "urgent" | "soon";

/** Where the advice is read: on the form before joining, after joining, on the check-in form, after saving a check-in (in the program, or after it). */
export type AdviceContext = "signup" | "result" | "checkin" | "saved" | "left";

const headings: Record<Tier, string> = {
  urgent: "Please get urgent medical help today",
  soon: "Please see a doctor in the next few days",
};

const GO_TODAY = "Together with back pain, this needs checking today. Go to an emergency department or urgent care, or call your local emergency number.";
const SOON = "This is worth a doctor's check soon, to rule out causes other than stress. It isn't a diagnosis.";

const words: Record<Tier, Record<AdviceContext, string[]>> = {
  urgent: {
    signup: [`${GO_TODAY} Please don't wait for our emails. This isn't a diagnosis, and you can still join below.`],
    result: [
      `${GO_TODAY} This isn't a diagnosis.`,
      `Your emails start with the calmer weeks. We hold back the weeks with ${HELD_IN_WORDS} until you tell us a doctor has checked you: each email has a button for that.`,
    ],
    checkin: [`${GO_TODAY} Please don't wait for our next email. This isn't a diagnosis.`],
    saved: [
      `${GO_TODAY} This isn't a diagnosis.`,
      `Your next emails hold back the weeks with ${HELD_IN_WORDS} until you tell us a doctor has checked you: each email has a button for that.`,
    ],
    left: [`${GO_TODAY} This isn't a diagnosis.`],
  },
  soon: {
    signup: [`${SOON} You can still join below, and read the emails alongside.`],
    result: [`${SOON} You're welcome to read the emails alongside.`],
    checkin: [SOON],
    saved: [`${SOON} The practices can carry on alongside.`],
    left: [SOON],
  },
};

const tierOf = (tier: Tier) => warningSigns.filter((f) => f.urgency === tier);

/** The advice for the ticked signs. `live`: every sign is there, hidden until ticked, for the script to show. */
export function FlagAdvice(props: { flags: readonly string[]; context: AdviceContext; id: string; live?: boolean }) {
  const ticked = (id: Flag) => props.flags.includes(id);
  const tiers = (["urgent", "soon"] as const).map((tier) => {
    const signs = tierOf(tier).filter((f) => props.live || ticked(f.id));
    const shown = signs.some((f) => ticked(f.id));
    if (!props.live && !shown) return null;
    const heading = `${props.id}-${tier}-heading`;
    return (
      <section class={`card flag-${tier}`} aria-labelledby={heading} data-tier={tier} hidden={!shown}>
        <h2 id={heading}>{headings[tier]}</h2>
        <p>{props.context === "signup" || props.context === "checkin" ? "You ticked:" : "You told us about:"}</p>
        <ul>
          {signs.map((f) => (
            <li data-sign={f.id} hidden={!ticked(f.id)}>
              {f.short}
            </li>
          ))}
        </ul>
        {words[tier][props.context].map((text) => (
          <p>{text}</p>
        ))}
      </section>
    );
  });
  return props.live ? (
    <div data-advice aria-live="polite">
      {tiers}
    </div>
  ) : (
    <>{tiers}</>
  );
}

/** After a check-in: a score that high, or a rise that large over the first one, gets a professional's look. */
export function ScoreAdvice(props: { alerts: CheckinAlerts }) {
  const { high, rise } = props.alerts;
  if (!high && !rise) return null;
  return (
    <section class="card flag-soon" aria-labelledby="score-advice-heading">
      <h2 id="score-advice-heading">Please see a doctor or physiotherapist in the next few days</h2>
      {high && <p>Your back is at {high.score} out of 10 this week. Pain like that deserves a proper look, rather than waiting for the end of the program.</p>}
      {rise && (
        <p>
          Your score has gone up by {rise.by} points since your first check-in ({rise.first.score} in week {rise.first.week},{" "}
          {rise.now.score} in week {rise.now.week}). That doesn't mean you did anything wrong, but it is a good reason to have your
          back looked at.
        </p>
      )}
      <p>
        If it is getting worse fast, or something new has started, such as numbness or problems with your bladder or bowels, get
        urgent medical help today.
      </p>
    </section>
  );
}

/** Answers that are not warning signs but still need a person (CONTENT.md "Safety"): a pointer each. */
export function Signposts(props: { answers: readonly Answer[] }) {
  const mood = props.answers.includes("mood");
  const morning = props.answers.includes("morning");
  if (!mood && !morning) return null;
  return (
    <section class="card" aria-labelledby="signposts-heading">
      <h2 id="signposts-heading">Worth talking to a doctor about</h2>
      {mood && (
        <p>
          You told us your pain follows your mood. If your mood has been low for weeks, or things feel hopeless, please talk to a
          doctor: low mood can be treated, and it is worth treating in its own right. If you ever think about harming yourself,
          call your local emergency number or a crisis line straight away.
        </p>
      )}
      {morning && (
        <p>
          You told us the pain is often there in the morning. If your back is stiff for more than half an hour most mornings and
          loosens up as you get going, and this started before you were 45, tell a doctor: that pattern, called inflammatory back
          pain, has causes and treatments of its own.
        </p>
      )}
    </section>
  );
}
