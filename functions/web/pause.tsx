import { Hono } from "hono";
import { pausable, pause, pauseSchema, resume } from "../domain/pause/pause";
import { RequestError } from "./errors";
import { status } from "../domain/subscriber/states";
import { selfPath } from "./base-url";
import { linkRoute, type AppEnv } from "./context";
import { single } from "./form";
import { linksForRequest } from "./links";
import { MessagePage } from "./pages/message";
import { OtherOptions } from "./pages/options";

const day = (epochMs: number, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { dateStyle: "full", timeZone }).format(new Date(epochMs));

/**
 * Pause for 2 or 4 weeks, or resume early. GET shows the choice; only POST changes anything.
 * The page offers leaving too, never a link that reads or deletes data (the weekly email has its own).
 */
export const pauseRoutes = new Hono<AppEnv>()
  .get("/pause", linkRoute("pause"), async (c) => {
    const subscriber = await pausable(c.var.ctx, c.var.link);
    const links = linksForRequest(c, subscriber);
    if (subscriber.status === status.paused) {
      return c.html(
        <MessagePage
          title="Your emails are paused"
          action={{ url: selfPath(c), label: "Resume now", extra: <input type="hidden" name="action" value="resume" /> }}
          after={<OtherOptions links={links} />}
        >
          <p>
            The program carries on after {day(subscriber.pausedUntil, subscriber.tz)}, where you left off. Want it back
            sooner?
          </p>
        </MessagePage>,
      );
    }
    return c.html(
      <MessagePage
        title="Take a break"
        action={{
          url: selfPath(c),
          label: "Pause my emails",
          extra: (
            <fieldset>
              <legend>How long would you like to pause?</legend>
              <div class="check">
                <input type="radio" id="weeks-2" name="weeks" value="2" checked />
                <label for="weeks-2">2 weeks</label>
              </div>
              <div class="check">
                <input type="radio" id="weeks-4" name="weeks" value="4" />
                <label for="weeks-4">4 weeks</label>
              </div>
              <input type="hidden" name="action" value="pause" />
            </fieldset>
          ),
        }}
        after={<OtherOptions links={links} />}
      >
        <p>Life gets busy. Pause the program and it will carry on where you left off, at the usual time of day.</p>
      </MessagePage>,
    );
  })
  .post("/pause", linkRoute("pause", { form: true }), async (c) => {
    const { ctx, link, now, form } = c.var;
    if (single(form, "action") === "resume") {
      await resume(ctx, link, now);
      return c.html(
        <MessagePage title="Welcome back">
          <p>Your program carries on with the next email at the usual time of day.</p>
        </MessagePage>,
      );
    }
    const parsed = pauseSchema.safeParse({ weeks: single(form, "weeks") });
    if (!parsed.success) throw new RequestError(400, "bad_pause", parsed.error.issues[0]!.message);
    const paused = await pause(ctx, link, parsed.data.weeks, now);
    return c.html(
      <MessagePage title="Your emails are paused">
        <p>
          Nothing more will arrive until {day(paused.pausedUntil, paused.tz)}. Then the program carries on where you left
          off.
        </p>
      </MessagePage>,
    );
  });
