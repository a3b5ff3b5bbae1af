import { Hono, type Context } from "hono";
import { RequestError } from "./errors";
import { EXPORT_LINK_HOURS } from "../domain/links/links";
import { deleteData, emailDataLink, exportData, owner, signOutLinks } from "../domain/data-rights/personal-data";
import { brandOf } from "../domain/brand";
import { baseUrlOf, selfPath } from "./base-url";
import { linkRoute, type AppEnv } from "./context";
import { single } from "./form";
import { linksForRequest } from "./links";
import { MessagePage } from "./pages/message";

/** This page's own URL (its token kept) with the step that asks before signing out, or without any step. */
function withStep(c: Context, step?: string): string {
  const url = new URL(c.req.url);
  if (step) url.searchParams.set("step", step);
  else url.searchParams.delete("step");
  return url.pathname + url.search;
}

/**
 * Your data: the page every email's "Download my data" opens (it emails a fresh download link,
 * and signs out all links), the download behind that emailed link, and delete. Each is a page
 * with a button, so following a link changes nothing.
 */
export const personalDataRoutes = new Hono<AppEnv>()
  .get("/my-data", linkRoute("data"), async (c) => {
    await owner(c.var.ctx, c.var.link);
    const name = brandOf(c.var.ctx.settings).name;
    // "Sign out all links" asks once more before it acts: a second page, whose button posts
    if (c.req.query("step") === "sign-out") {
      return c.html(
        <MessagePage
          title="Sign out all links?"
          action={{ url: withStep(c), label: "Yes, sign out all links", extra: <input type="hidden" name="action" value="sign-out" /> }}
          after={
            <p>
              <a href={withStep(c)}>No, keep my links</a>
            </p>
          }
        >
          <p>
            Every link in the emails we've sent you stops working, this page's too, except the unsubscribe links (you can
            always leave). If you still get our weekly emails, the next one brings new links. It can't be undone.
          </p>
        </MessagePage>,
      );
    }
    return c.html(
      <MessagePage
        title="Your data"
        action={{
          url: selfPath(c),
          label: "Email me a download link",
          extra: <input type="hidden" name="action" value="email" />,
        }}
        after={
          <section aria-labelledby="sign-out-heading">
            <h2 id="sign-out-heading">Sign out all links</h2>
            <p>
              Forwarded one of our emails, or worried someone else has one? You can make every link in the emails we've
              sent you stop working, except the unsubscribe links.
            </p>
            <p>
              <a class="button secondary" href={withStep(c, "sign-out")}>
                Sign out all links…
              </a>
            </p>
          </section>
        }
      >
        <p>
          You can download everything {name} stores about you as one file. For your privacy we send the download link to
          your email address, and it works for {EXPORT_LINK_HOURS} hours. From that page you can also delete your data.
        </p>
      </MessagePage>,
    );
  })
  .post("/my-data", linkRoute("data", { form: true }), async (c) => {
    const { ctx, link, now, form } = c.var;
    const action = single(form, "action");
    if (action === "email") {
      await emailDataLink(ctx, link, baseUrlOf(c), now);
      return c.html(
        <MessagePage title="Check your inbox">
          <p>
            A download link is on its way to your email address (unless we sent you one in the last few minutes). It works
            for {EXPORT_LINK_HOURS} hours.
          </p>
        </MessagePage>,
      );
    }
    if (action === "sign-out") {
      await signOutLinks(ctx, link, now);
      return c.html(
        <MessagePage title="All links are signed out">
          <p>
            The links in the emails we've sent you no longer work, apart from the unsubscribe links. If you still get our
            weekly emails, the next one brings new links.
          </p>
        </MessagePage>,
      );
    }
    throw new RequestError(400, "bad_action", "Please use one of the buttons on the page.");
  })
  .get("/export", linkRoute("export"), async (c) => {
    const subscriber = await owner(c.var.ctx, c.var.link);
    // the page offers nothing that outlives it: its delete link runs out with the download link
    const deleteLink = linksForRequest(c, subscriber).delete(c.var.link.expiresAt);
    return c.html(
      <MessagePage title="Download your data" action={{ url: selfPath(c), label: "Download my data" }}>
        <p>
          You'll get one file (JSON) with everything {brandOf(c.var.ctx.settings).name} stores about you: your address, your self-check answers, your
          time zone, which emails were sent and when, and your weekly check-ins.
        </p>
        <p>
          Or, if you'd rather we kept nothing: <a href={deleteLink}>delete my data</a>.
        </p>
      </MessagePage>,
    );
  })
  .post("/export", linkRoute("export"), async (c) => {
    const { ctx, link, now } = c.var;
    const data = await exportData(ctx, link, now);
    return c.body(JSON.stringify(data, null, 2), 200, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="unknot-my-data.json"',
    });
  })
  .get("/delete", linkRoute("delete"), async (c) => {
    await owner(c.var.ctx, c.var.link);
    return c.html(
      <MessagePage title="Delete your data?" action={{ url: selfPath(c), label: "Delete my data" }}>
        <p>
          This deletes everything {brandOf(c.var.ctx.settings).name} stores about you: your address, your answers, your check-ins and the record of
          what we sent. You'll get no more emails, and every link in them stops working. It can't be undone.
        </p>
        <p>
          One exception: if your address bounced or you reported one of our emails as spam, we keep a one-way fingerprint
          of the address (not the address itself) so that we never email it again, even if someone signs it up.
        </p>
      </MessagePage>,
    );
  })
  .post("/delete", linkRoute("delete"), async (c) => {
    const { ctx, link, now } = c.var;
    await deleteData(ctx, link, now);
    return c.html(
      <MessagePage title="Your data is deleted">
        <p>We've deleted your data and won't email you again. Take good care of yourself.</p>
      </MessagePage>,
    );
  });
