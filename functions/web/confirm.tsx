import { Hono } from "hono";
import { confirm, confirmation } from "../domain/signup/confirm";
import { selfPath } from "./base-url";
import { linkRoute, type AppEnv } from "./context";
import { ConfirmPage } from "./pages/confirm";
import { MessagePage } from "./pages/message";

const alreadyConfirmed = () => (
  <MessagePage title="You're already confirmed">
    <p>Your program has started. Every email has links to pause, to leave, or to download or delete your data.</p>
  </MessagePage>
);

/** GET shows the answers confirming will use, and a button (link scanners must not confirm anyone); POST confirms. */
export const confirmRoutes = new Hono<AppEnv>()
  .get("/confirm", linkRoute("confirm"), async (c) => {
    const open = await confirmation(c.var.ctx, c.var.link);
    if (open === "already-confirmed") return c.html(alreadyConfirmed());
    return c.html(<ConfirmPage action={selfPath(c)} signup={open} />);
  })
  .post("/confirm", linkRoute("confirm"), async (c) => {
    const { ctx, link, now } = c.var;
    const outcome = await confirm(ctx, link, now);
    if (outcome === "already-confirmed") return c.html(alreadyConfirmed());
    return c.html(
      <MessagePage title="You're in. Welcome!">
        <p>
          Your first email is on its way and should arrive within a few minutes. After that, one email comes each week,
          in the morning where you live.
        </p>
        <p>Every email has links to pause, to leave, or to download or delete your data.</p>
      </MessagePage>,
    );
  });
