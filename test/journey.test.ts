import { describe, expect, it } from "vitest";
import { getContext } from "../functions/runtime/context";
import { runPass } from "../functions/domain/sending/pass";
import { templates } from "../functions/email/templates";
import { linkIn, postForm, type StoredEmail } from "./support/stack";
import { useTestStack } from "./support/use-stack";

/**
 * One subscriber from signup to leaving, on the real local stack: the DynamoDB adapter against
 * dynalite, the SES mailer against aws-ses-v2-local, the app over HTTP. The domain's finer
 * points are proven on the memory stack; this file proves the real adapters carry them together.
 */

const stack = useTestStack();

const DAY = 86_400_000;
const EMAIL = "whole.journey@example.com";
const subjectOf = (id: string) => templates.program.find((w) => w.id === id)!.subject;
const programMail = async (): Promise<StoredEmail[]> =>
  (await stack.mailTo(EMAIL)).filter((m) => templates.program.some((w) => w.subject === m.subject));

describe("a subscriber's whole journey on dynalite and the SES emulator", () => {
  it("signs up, confirms, gets weeks 1 and 2 a week apart, checks in, unsubscribes and gets nothing more", async () => {
    const signup = await postForm(`${stack.url}/subscribe`, {
      email: EMAIL,
      answers: ["sleep"],
      flags: [],
      tz: "Europe/Berlin",
      consent: "yes",
      website: "",
    });
    expect(signup.status).toBe(200);
    expect(await stack.subscriber(EMAIL)).toMatchObject({ status: "pending", answers: ["sleep"] });

    const [confirmation] = await stack.mailTo(EMAIL);
    expect(confirmation?.subject).toMatch(/confirm/i);
    expect((await fetch(linkIn(confirmation!, "/confirm"), { method: "POST" })).status).toBe(200);
    expect(await stack.subscriber(EMAIL)).toMatchObject({ status: "active", week: 1 });

    const start = Date.now();
    await runPass(getContext(), { now: new Date(start) });
    const [week1] = await programMail();
    expect(week1?.subject).toBe(subjectOf("cycle"));
    const afterWeek1 = (await stack.subscriber(EMAIL))!;
    expect(afterWeek1).toMatchObject({ status: "active", week: 2 });
    expect(afterWeek1.dueAt! - start).toBeGreaterThan(6 * DAY);

    // nothing more until week 2 is due; then week 2 (sleep, brought forward by the answer)
    await runPass(getContext(), { now: new Date(start + DAY) });
    expect(await programMail()).toHaveLength(1);
    await runPass(getContext(), { now: new Date(afterWeek1.dueAt!) });
    expect((await programMail()).map((m) => m.subject)).toEqual([subjectOf("cycle"), subjectOf("sleep")]);

    const checkin = await postForm(linkIn(week1!, "/checkin"), { score: "4", note: "walked every day" });
    expect(checkin.status).toBe(200);
    expect((await stack.subscriber(EMAIL))?.checkins?.["1"]).toMatchObject({ score: 4, note: "walked every day" });

    const week2 = (await programMail())[1]!;
    expect((await fetch(linkIn(week2, "/unsubscribe"), { method: "POST" })).status).toBe(200);
    const left = await stack.subscriber(EMAIL);
    expect(left?.status).toBe("unsubscribed");
    expect(left?.dueAt).toBeUndefined();

    for (let day = 14; day <= 80; day += 7) await runPass(getContext(), { now: new Date(start + day * DAY) });
    expect(await programMail()).toHaveLength(2);
  });

  it("keeps every subscriber across a restart of the local stack", async () => {
    await postForm(`${stack.url}/subscribe`, { email: "durable@example.com", answers: [], flags: [], tz: "UTC", consent: "yes", website: "" });
    const before = await stack.subscribers();
    await stack.restart();
    const after = await stack.subscribers();
    expect(after.length).toBe(before.length);
    expect(after.find((s) => s.email === "durable@example.com")?.status).toBe("pending");
    expect(after.find((s) => s.email === EMAIL)?.status).toBe("unsubscribed");
    expect((await fetch(`${stack.url}/health`)).status).toBe(200);
  });
});

describe("the local site opened at 127.0.0.1 instead of localhost", () => {
  const at127 = (path: string) => `http://127.0.0.1:${stack.config.port}${path}`;
  const atLocalhost = (path: string) => `http://localhost:${stack.config.port}${path}`;

  it("sends every page to the same place on localhost, the one origin whose forms the site takes", async () => {
    for (const path of ["/", "/mailbox", "/preview?answers=sleep", "/checkin?token=abc"]) {
      const answer = await fetch(at127(path), { redirect: "manual" });
      expect(answer.status, path).toBe(308);
      expect(answer.headers.get("location"), path).toBe(atLocalhost(path));
    }
    const followed = await fetch(at127("/"));
    expect(followed.url).toBe(atLocalhost("/"));
    expect(await followed.text()).toContain('action="/subscribe"');
  });

  it("leaves a form posted there to the site, which refuses a page it doesn't serve (and so the page must be on localhost)", async () => {
    const email = "loopback@example.com";
    const fields = { email, consent: "yes", tz: "Europe/Berlin", website: "" };
    const fromThere = await postForm(at127("/subscribe"), fields, { headers: { origin: at127(""), "sec-fetch-site": "same-origin" } });
    expect(fromThere.status).toBe(403);
    expect(await fromThere.text()).toContain(atLocalhost(""));
    expect(await stack.subscriber(email)).toBeUndefined();
    const fromHome = await postForm(atLocalhost("/subscribe"), fields, { headers: { origin: atLocalhost(""), "sec-fetch-site": "same-origin" } });
    expect(fromHome.status).toBe(200);
  });
});
