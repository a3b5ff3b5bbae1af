import { Hono } from "hono";
import { brandOf } from "../domain/brand";
import { unsubscribe, unsubscriber } from "../domain/unsubscribe/unsubscribe";
import { selfPath } from "./base-url";
import { linkRoute, type AppEnv } from "./context";
import { MessagePage } from "./pages/message";

/**
 * GET shows one button (a link scanner that follows the link changes nothing). POST, from that
 * button or from a mailbox provider's RFC 8058 one-click request, unsubscribes at once.
 * `List-Unsubscribe` hands this URL to every mailbox provider, and a forwarded email to anyone:
 * so it can unsubscribe and nothing else. Neither page shows, makes or posts to any other link;
 * pausing and the subscriber's data are offered from the weekly email's own links.
 */
export const unsubscribeRoutes = new Hono<AppEnv>()
  .get("/unsubscribe", linkRoute("unsubscribe"), async (c) => {
    await unsubscriber(c.var.ctx, c.var.link);
    return c.html(
      <MessagePage
        title={`Leave ${brandOf(c.var.ctx.settings).name}?`}
        action={{ url: selfPath(c), label: "Unsubscribe" }}
      >
        <p>Press the button and we'll stop sending you emails straight away.</p>
        <p>Would you rather take a break? The "Pause for a while" link at the bottom of our weekly emails holds them for 2 or 4 weeks.</p>
      </MessagePage>,
    );
  })
  .post("/unsubscribe", linkRoute("unsubscribe", { oneClick: true }), async (c) => {
    const { ctx, link, now } = c.var;
    const subscriber = await unsubscribe(ctx, link, now);
    return c.html(
      <MessagePage title="You're unsubscribed">
        <p>We won't send you any more emails. Take good care of yourself and your back.</p>
        <p>
          Changed your mind? You can <a href="/">sign up again</a> at any time.
        </p>
        {subscriber && (
          <p>
            Would you like a copy of your data, or to delete it? Use "Download my data" or "Delete my data" at the bottom of
            the last weekly email we sent you.
          </p>
        )}
      </MessagePage>,
    );
  });
