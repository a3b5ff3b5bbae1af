import { Hono } from "hono";
import { brandOf } from "../domain/brand";
import { isInProgram } from "../domain/subscriber/states";
import { unsubscribe, unsubscriber } from "../domain/unsubscribe/unsubscribe";
import { selfPath } from "./base-url";
import { linkRoute, type AppEnv } from "./context";
import { formAction, linksForRequest } from "./links";
import { MessagePage } from "./pages/message";
import { OtherOptions } from "./pages/options";

/**
 * GET shows one button (a link scanner that follows the link changes nothing). POST, from that
 * button or from a mailbox provider's RFC 8058 one-click request, unsubscribes at once.
 * `List-Unsubscribe` hands this URL to every mailbox provider, so neither page shows or makes
 * a link that reads or deletes data: they offer a pause, and to email the owner such a link.
 */
export const unsubscribeRoutes = new Hono<AppEnv>()
  .get("/unsubscribe", linkRoute("unsubscribe"), async (c) => {
    const subscriber = await unsubscriber(c.var.ctx, c.var.link);
    const inProgram = isInProgram(subscriber?.status);
    return c.html(
      <MessagePage
        title={`Leave ${brandOf(c.var.ctx.settings).name}?`}
        action={{ url: selfPath(c), label: "Unsubscribe" }}
        after={inProgram && <OtherOptions links={linksForRequest(c, subscriber)} show={["pause"]} />}
      >
        <p>Press the button and we'll stop sending you emails straight away.</p>
      </MessagePage>,
    );
  })
  .post("/unsubscribe", linkRoute("unsubscribe"), async (c) => {
    const { ctx, link, now } = c.var;
    const subscriber = await unsubscribe(ctx, link, now);
    return c.html(
      <MessagePage
        title="You're unsubscribed"
        action={
          subscriber && {
            url: formAction(linksForRequest(c, subscriber).data()),
            label: "Email me a link to download or delete my data",
            extra: <input type="hidden" name="action" value="email" />,
          }
        }
      >
        <p>We won't send you any more emails. Take good care of yourself and your back.</p>
        <p>
          Changed your mind? You can <a href="/">sign up again</a> at any time.
        </p>
        {subscriber && <p>Would you like a copy of your data, or to delete it? We can email you a link for that.</p>}
      </MessagePage>,
    );
  });
