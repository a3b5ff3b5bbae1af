import { Hono } from "hono";
import { checkinSchema, openCheckin, recordCheckin, trendOf, weeksSent } from "../core/checkin";
import { getContext } from "../core/context";
import { SCORE_PATTERN } from "../email/pain-scale";
import { selfPath } from "./base-url";
import { readForm, single } from "./form";
import { CheckinPage, CheckinSavedPage, type CheckinErrors } from "./pages/checkin";

/**
 * GET shows the form with the tapped score preselected (a link scanner that follows every
 * number records nothing); POST records the week's check-in, or changes it.
 */
export const checkinRoutes = new Hono()
  .get("/checkin", async (c) => {
    const open = await openCheckin(getContext(), c.req.query("token"), new Date());
    return c.html(
      <CheckinPage
        action={selfPath(c)}
        week={open.week}
        score={open.tapped ?? open.recorded?.score}
        note={open.recorded?.note}
        recorded={open.recorded?.score}
      />,
    );
  })
  .post("/checkin", async (c) => {
    const ctx = getContext();
    const token = c.req.query("token");
    const form = await readForm(c);
    const raw = { score: single(form, "score"), note: single(form, "note") ?? "" };
    const parsed = checkinSchema.safeParse(raw);
    if (!parsed.success) {
      const open = await openCheckin(ctx, token, new Date());
      const errors: CheckinErrors = {};
      for (const issue of parsed.error.issues) errors[issue.path[0] as keyof CheckinErrors] ??= issue.message;
      const score = SCORE_PATTERN.test(raw.score ?? "") ? Number(raw.score) : undefined;
      return c.html(
        <CheckinPage action={selfPath(c)} week={open.week} score={score} note={raw.note} recorded={open.recorded?.score} errors={errors} />,
        400,
      );
    }
    const { subscriber, week } = await recordCheckin(ctx, token, parsed.data, new Date());
    return c.html(
      <CheckinSavedPage
        week={week}
        score={parsed.data.score}
        trend={trendOf(subscriber.checkins, weeksSent(subscriber))}
        changeUrl={selfPath(c)}
        finished={weeksSent(subscriber) >= (subscriber.program?.length ?? 0)}
      />,
    );
  });
