import { Hono } from "hono";
import { getContext } from "../core/context";
import { verifyToken } from "../core/tokens";
import { unsubscribe } from "../core/subscription";
import { selfPath } from "./base-url";
import { linksForRequest } from "./links";
import { MessagePage } from "./pages/message";
import { OtherOptions } from "./pages/options";

/**
 * GET shows one button (a link scanner that follows the link changes nothing). POST, from that
 * button or from a mailbox provider's RFC 8058 one-click request, unsubscribes at once.
 */
export const unsubscribeRoutes = new Hono()
  .get("/unsubscribe", (c) => {
    const { s: id } = verifyToken(getContext().key, c.req.query("token"), "unsubscribe", new Date());
    return c.html(
      <MessagePage title="Leave unknot?" action={{ url: selfPath(c), label: "Unsubscribe" }}>
        <p>Press the button and we'll stop sending you emails straight away.</p>
        <OtherOptions links={linksForRequest(c, id)} show={["pause", "export", "delete"]} />
      </MessagePage>,
    );
  })
  .post("/unsubscribe", async (c) => {
    const id = await unsubscribe(getContext(), c.req.query("token"), new Date());
    return c.html(
      <MessagePage title="You're unsubscribed">
        <p>We won't send you any more emails. Take good care of yourself and your back.</p>
        <p>
          Changed your mind? You can <a href="/">sign up again</a> at any time.
        </p>
        <OtherOptions links={linksForRequest(c, id)} show={["export", "delete"]} />
      </MessagePage>,
    );
  });
