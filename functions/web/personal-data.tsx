import { Hono } from "hono";
import { getContext } from "../core/context";
import { deleteData, exportData } from "../core/personal-data";
import { verifyToken } from "../core/tokens";
import { selfPath } from "./base-url";
import { MessagePage } from "./pages/message";

/** Download and delete: each behind a page with a button, so following a link changes nothing. */
export const personalDataRoutes = new Hono()
  .get("/export", (c) => {
    verifyToken(getContext().key, c.req.query("token"), "export", new Date());
    return c.html(
      <MessagePage title="Download your data" action={{ url: selfPath(c), label: "Download my data" }}>
        <p>
          You'll get one file (JSON) with everything unknot stores about you: your address, your self-check answers, your
          time zone, which emails were sent and when, and your weekly check-ins.
        </p>
      </MessagePage>,
    );
  })
  .post("/export", async (c) => {
    const data = await exportData(getContext(), c.req.query("token"), new Date());
    return c.body(JSON.stringify(data, null, 2), 200, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="unknot-my-data.json"',
    });
  })
  .get("/delete", (c) => {
    verifyToken(getContext().key, c.req.query("token"), "delete", new Date());
    return c.html(
      <MessagePage title="Delete your data?" action={{ url: selfPath(c), label: "Delete my data" }}>
        <p>
          This deletes everything unknot stores about you: your address, your answers, your check-ins and the record of
          what we sent. You'll get no more emails. It can't be undone.
        </p>
        <p>
          One exception: if your address bounced or you reported one of our emails as spam, we keep a one-way fingerprint
          of the address (not the address itself) so that we never email it again, even if someone signs it up.
        </p>
      </MessagePage>,
    );
  })
  .post("/delete", async (c) => {
    await deleteData(getContext(), c.req.query("token"), new Date());
    return c.html(
      <MessagePage title="Your data is deleted">
        <p>We've deleted your data and won't email you again. Take good care of yourself.</p>
      </MessagePage>,
    );
  });
