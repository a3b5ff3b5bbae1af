import { Hono } from "hono";
import { getContext } from "../core/context";
import { verifyToken } from "../core/tokens";
import { confirm } from "../core/subscription";
import { selfPath } from "./base-url";
import { MessagePage } from "./pages/message";

/** GET shows a button (link scanners must not confirm anyone); POST confirms. */
export const confirmRoutes = new Hono()
  .get("/confirm", (c) => {
    const token = c.req.query("token");
    verifyToken(getContext().linkKeys, token, "confirm", new Date());
    return c.html(
      <MessagePage title="Confirm your subscription" action={{ url: selfPath(c), label: "Yes, start my program" }}>
        <p>One more step: press the button to confirm your address and start the program.</p>
      </MessagePage>,
    );
  })
  .post("/confirm", async (c) => {
    const outcome = await confirm(getContext(), c.req.query("token"), new Date());
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
