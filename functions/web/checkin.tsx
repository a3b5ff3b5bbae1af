import { Hono } from "hono";
import { checkinSchema, openCheckin, recordCheckin, trendOf, weeksSent } from "../domain/checkin/checkin";
import { flags as warningSigns } from "../domain/subscriber/self-check";
import { isInProgram } from "../domain/subscriber/states";
import type { Subscriber } from "../domain/subscriber/subscriber";
import { SCORE_PATTERN } from "../email/pain-scale";
import { selfPath } from "./base-url";
import { linkRoute, type AppEnv } from "./context";
import { single } from "./form";
import { CheckinPage, CheckinSavedPage, type CheckinErrors } from "./pages/checkin";

/** The warning signs the check-in page offers again: those this subscriber hasn't told us about. */
const unreported = (subscriber: Subscriber) => warningSigns.filter((f) => !subscriber.flags.includes(f.id));

/**
 * GET shows the form with the tapped score preselected (a link scanner that follows every
 * number records nothing); POST records the week's check-in, or changes it, and answers what it
 * calls for first (CONTENT.md "Safety": a high or rising score, a newly ticked warning sign).
 */
export const checkinRoutes = new Hono<AppEnv>()
  .get("/checkin", linkRoute("checkin"), async (c) => {
    const open = await openCheckin(c.var.ctx, c.var.link);
    return c.html(
      <CheckinPage
        action={selfPath(c)}
        week={open.week}
        score={open.tapped ?? open.recorded?.score}
        note={open.recorded?.note}
        recorded={open.recorded?.score}
        signs={unreported(open.subscriber)}
      />,
    );
  })
  .post("/checkin", linkRoute("checkin", { form: true }), async (c) => {
    const { ctx, link, now, form } = c.var;
    const raw = { score: single(form, "score"), note: single(form, "note") ?? "", flags: form.flags ?? [] };
    const parsed = checkinSchema.safeParse(raw);
    if (!parsed.success) {
      const open = await openCheckin(ctx, link);
      const errors: CheckinErrors = {};
      for (const issue of parsed.error.issues) errors[issue.path[0] as keyof CheckinErrors] ??= issue.message;
      const score = SCORE_PATTERN.test(raw.score ?? "") ? Number(raw.score) : undefined;
      return c.html(
        <CheckinPage
          action={selfPath(c)}
          week={open.week}
          score={score}
          note={raw.note}
          recorded={open.recorded?.score}
          signs={unreported(open.subscriber)}
          ticked={raw.flags}
          errors={errors}
        />,
        400,
      );
    }
    const { subscriber, week, alerts } = await recordCheckin(ctx, link, parsed.data, now);
    return c.html(
      <CheckinSavedPage
        week={week}
        score={parsed.data.score}
        trend={trendOf(subscriber.checkins, weeksSent(subscriber))}
        alerts={alerts}
        changeUrl={selfPath(c)}
        finished={weeksSent(subscriber) >= (subscriber.program?.length ?? 0)}
        inProgram={isInProgram(subscriber.status)}
      />,
    );
  });
