import { Hono } from "hono";
import { confirm } from "../domain/signup/signup";
import { selfPath } from "./base-url";
import { linkRoute, type AppEnv } from "./context";
import { MessagePage } from "./pages/message";

/** GET shows a button (link scanners must not confirm anyone); POST confirms. */
export const confirmRoutes = new Hono<AppEnv>()
  .get("/confirm", linkRoute("confirm"), (c) => {
    return c.html(
      <MessagePage title="Confirm your subscription" action={{ url: selfPath(c), label: "Yes, start my program" }}>
        <p>One more step: press the button to confirm your address and start the program.</p>
      </MessagePage>,
    );
  })
  .post("/confirm", linkRoute("confirm"), async (c) => {
    const { ctx, link, now } = c.var;
    const outcome = await confirm(ctx, link, now);
    return c.html(
      <MessagePage title={outcome === "confirmed" ? "You're in. Welcome!" : "You're already confirmed"}>
        <p>
          Your first email is on its way and should arrive within a few minutes. After that, one email comes each week,
          in the morning where you live.
        </p>
        <p>Every email has links to pause, to leave, or to download or delete your data.</p>
      </MessagePage>,
    );
  });
