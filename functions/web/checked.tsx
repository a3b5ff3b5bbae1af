import { Hono } from "hono";
import { openChecked, recordChecked } from "../domain/checkin/checked";
import { HELD_IN_WORDS, holdsMovement } from "../domain/program/order";
import { selfPath } from "./base-url";
import { linkRoute, type AppEnv } from "./context";
import { MessagePage } from "./pages/message";

/**
 * The link under the urgent advice in the emails. GET shows one button (a link scanner that
 * follows it records nothing); POST records that a doctor has checked them.
 */
export const checkedRoutes = new Hono<AppEnv>()
  .get("/checked", linkRoute("checked"), async (c) => {
    const subscriber = await openChecked(c.var.ctx, c.var.link);
    if (!holdsMovement(subscriber)) {
      return c.html(
        <MessagePage title="Thanks, we have this already">
          <p>Your program includes the weeks with {HELD_IN_WORDS}. If the warning signs come back or get worse, get urgent medical help today.</p>
        </MessagePage>,
      );
    }
    return c.html(
      <MessagePage title="Has a doctor checked you?" action={{ url: selfPath(c), label: "Yes, a doctor has checked me" }}>
        <p>
          You told us about a warning sign that needs urgent medical help. Until you tell us you have been checked, we hold
          back the weeks with {HELD_IN_WORDS}, and send the calmer weeks first.
        </p>
        <p>
          Press the button only once a doctor, nurse or urgent care service has seen you, and they haven't told you to avoid
          exercise. If you haven't been checked yet, please get help today: go to an emergency department or urgent care, or
          call your local emergency number.
        </p>
      </MessagePage>,
    );
  })
  .post("/checked", linkRoute("checked"), async (c) => {
    const { ctx, link, now } = c.var;
    await recordChecked(ctx, link, now);
    return c.html(
      <MessagePage title="Thank you for telling us">
        <p>
          We'll add the weeks with {HELD_IN_WORDS} to your program, before its last email. Go gently, and stop anything that
          makes your pain sharply worse.
        </p>
        <p>If the warning signs come back or get worse, get urgent medical help today.</p>
      </MessagePage>,
    );
  });
