import { Hono } from "hono";
import { endSchema, NOTHING_TO_SAVE, nothingToSave, openEnd, recordEnd } from "../domain/outcomes/end";
import { followUpSchema, openFollowUp, recordFollowUp } from "../domain/outcomes/follow-up";
import { MEASURE_IDS, type EndAnswers, type FollowUpAnswers } from "../domain/outcomes/measures";
import { hasCompleted } from "../domain/subscriber/states";
import { selfPath } from "./base-url";
import { linkRoute, type AppEnv } from "./context";
import { single, type Form } from "./form";
import { postedMeasures, postedScores } from "./measures";
import { EndPage, FollowUpPage, OutcomeSavedPage, type OutcomeErrors } from "./pages/outcomes";

/**
 * The questions after the last email (`/end`, with the follow-up's opt-in) and at the follow-up
 * (`/follow-up`). GET shows the form with any earlier answers (a link scanner records nothing);
 * POST records them, or changes them.
 */

const posted = (form: Form) => ({ ...postedMeasures(form), change: single(form, "change"), followUp: single(form, "followUp") });

/** Each problem under the field it belongs to: the three items share one message. */
function errorsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]): OutcomeErrors {
  const errors: OutcomeErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0]);
    const key = (MEASURE_IDS as readonly string[]).includes(field) ? "measures" : (field as keyof OutcomeErrors);
    errors[key] ??= issue.message;
  }
  return errors;
}

const storedValues = (answers?: FollowUpAnswers) => ({ scores: answers, change: answers?.change });

/** "June 2027", in the subscriber's time zone. */
const monthOf = (at: number, timeZone: string) => new Date(at).toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone });

export const outcomeRoutes = new Hono<AppEnv>()
  .get("/end", linkRoute("end"), async (c) => {
    const open = await openEnd(c.var.ctx, c.var.link);
    return c.html(
      <EndPage
        action={selfPath(c)}
        values={storedValues(open.recorded)}
        answeredBefore={open.recorded !== undefined}
        followUpOpen={open.followUpOpen}
        followUp={open.recorded?.followUp ?? false}
        leftAlready={!hasCompleted(open.subscriber.status)}
      />,
    );
  })
  .post("/end", linkRoute("end", { form: true }), async (c) => {
    const { ctx, link, now, form } = c.var;
    const raw = posted(form);
    const parsed = endSchema.safeParse(raw);
    const open = await openEnd(ctx, link);
    if (!parsed.success || nothingToSave(open, parsed.data)) {
      return c.html(
        <EndPage
          action={selfPath(c)}
          values={{ scores: postedScores(raw), change: raw.change }}
          answeredBefore={open.recorded !== undefined}
          followUpOpen={open.followUpOpen}
          followUp={raw.followUp === "yes"}
          leftAlready={!hasCompleted(open.subscriber.status)}
          errors={parsed.success ? { measures: NOTHING_TO_SAVE } : errorsOf(parsed.error.issues)}
        />,
        400,
      );
    }
    const { subscriber, followUpDueAt } = await recordEnd(ctx, open, parsed.data, now);
    const atEnd: EndAnswers | undefined = subscriber.atEnd;
    return c.html(
      <OutcomeSavedPage
        baseline={subscriber.baseline}
        now={atEnd}
        changeUrl={selfPath(c)}
        followUpIn={followUpDueAt === undefined ? undefined : monthOf(followUpDueAt, subscriber.tz)}
        last={false}
      />,
    );
  })
  .get("/follow-up", linkRoute("followUp"), async (c) => {
    const open = await openFollowUp(c.var.ctx, c.var.link);
    return c.html(<FollowUpPage action={selfPath(c)} values={storedValues(open.recorded)} answeredBefore={open.recorded !== undefined} />);
  })
  .post("/follow-up", linkRoute("followUp", { form: true }), async (c) => {
    const { ctx, link, now, form } = c.var;
    const raw = posted(form);
    const parsed = followUpSchema.safeParse(raw);
    if (!parsed.success) {
      const open = await openFollowUp(ctx, link);
      return c.html(
        <FollowUpPage
          action={selfPath(c)}
          values={{ scores: postedScores(raw), change: raw.change }}
          answeredBefore={open.recorded !== undefined}
          errors={errorsOf(parsed.error.issues)}
        />,
        400,
      );
    }
    const subscriber = await recordFollowUp(ctx, link, parsed.data, now);
    return c.html(<OutcomeSavedPage baseline={subscriber.baseline} now={subscriber.atFollowUp} changeUrl={selfPath(c)} last />);
  });
