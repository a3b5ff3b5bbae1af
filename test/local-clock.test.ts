import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { getContext } from "../functions/runtime/context";
import { escapeHtml } from "../functions/email/fill";
import { templates } from "../functions/email/templates";
import { clockFile } from "../infra/dev/env";
import { localTime } from "../infra/dev/local-time";
import { startScheduler } from "../infra/dev/scheduler";
import { confirmedSubscriber } from "./support/people";
import { linkIn, postForm, type StoredEmail } from "./support/stack";
import { useTestStack } from "./support/use-stack";

/**
 * One clock for the whole local stack: `npm run send -- --at` moves it, and the app (pausing,
 * check-ins, links), the sender, the retention sweep and the mailbox page all read it, across a
 * restart. Walked as an operator walks the README's demo, with `npm run send` in processes of its own.
 */

const stack = useTestStack();

const DAY = 86_400_000;
const TZ = "Europe/Berlin";
const EMAIL = "walker@example.com";
const send = (...args: string[]) =>
  promisify(execFile)("node_modules/.bin/tsx", ["infra/ops/send-weekly-emails.ts", ...args], { env: stack.cliEnv() });
const programMail = async (): Promise<StoredEmail[]> => (await stack.mailTo(EMAIL)).filter((m) => !/confirm/i.test(m.subject));
const sentAt = async () => ((await stack.subscriber(EMAIL))?.sent ?? []).map((s) => Date.parse(s.at));
const day = (epochMs: number) => new Intl.DateTimeFormat("en-GB", { dateStyle: "full", timeZone: TZ }).format(new Date(epochMs));

describe("the local clock", { timeout: 120_000 }, () => {
  it("is moved by send --at, and pausing, check-ins, the next email's spacing and the sweep follow it, across a restart", async () => {
    const real = Date.now();
    await confirmedSubscriber(stack, EMAIL, { tz: TZ });
    // a signup nobody confirms: 7 days on the local clock, and the sweep deletes it
    await postForm(`${stack.url}/subscribe`, { email: "never.confirmed@example.com", tz: TZ, consent: "yes", website: "" });

    await send("--at", "next"); // week 1, now
    const { stdout } = await send("--at", "next"); // week 2, a week later on the local clock
    const [week1At, week2At] = await sentAt();
    expect(week2At! - week1At!).toBeGreaterThan(6 * DAY);
    expect(stdout).toContain(`sender pass at ${new Date(week2At!).toISOString().slice(0, 16)}`);
    expect(existsSync(clockFile(stack.config))).toBe(true);
    const clock = getContext().clock();
    expect(clock.getTime()).toBeGreaterThanOrEqual(week2At!); // the app's clock too, in this process

    // a check-in through week 2's link is stamped by the local clock
    const week2 = (await programMail())[1]!;
    await postForm(linkIn(week2, "/checkin"), { score: "4" });
    expect(Date.parse((await stack.subscriber(EMAIL))!.checkins!["2"]!.at)).toBeGreaterThanOrEqual(week2At!);

    // pausing for 2 weeks at the local clock's date: the page says when it ends, by that clock
    const pauseUrl = linkIn(week2, "/pause");
    const paused = await (await postForm(pauseUrl, { action: "pause", weeks: "2" })).text();
    const until = (await stack.subscriber(EMAIL))!.pausedUntil!;
    expect(until).toBeGreaterThanOrEqual(week2At! + 14 * DAY);
    expect(paused).toContain(`Nothing more will arrive until ${day(until)}`);
    expect(paused).not.toContain(day(real + 14 * DAY)); // not two weeks from the real today

    await stack.restart();
    expect(getContext().clock().getTime()).toBeGreaterThanOrEqual(clock.getTime());
    const shown = await (await fetch(pauseUrl)).text();
    expect(shown).toContain(`The program carries on after ${day(until)}`);

    // the next email waits for the pause: --at next moves the clock to it, not back to a week after week 2
    await send("--at", "next");
    const [, , week3At] = await sentAt();
    expect(week3At! - week2At!).toBeGreaterThanOrEqual(14 * DAY);
    expect(week3At).toBeGreaterThanOrEqual(until);

    // the clock never goes back: an earlier --at is refused and changes nothing
    await expect(send("--at", new Date(real).toISOString())).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("doesn't go back") });
    expect(await sentAt()).toHaveLength(3);

    // the sweep on npm start reads the same clock: the unconfirmed signup is past its 7 days there
    const scheduler = await startScheduler();
    scheduler.stop();
    expect(await stack.subscriber("never.confirmed@example.com")).toBeUndefined();
    expect((await stack.subscriber(EMAIL))?.status).toBe("active");
  });

  it("dates the mailbox page's emails by it, by recipient, each opened as HTML or text", async () => {
    const page = await (await fetch(`${stack.url}/mailbox`)).text();
    expect(page).toContain(`>${EMAIL}</h2>`);
    expect(page).toContain(`>never.confirmed@example.com</h2>`);
    const mail = await programMail();
    const times = await sentAt();
    expect(mail).toHaveLength(3);
    for (const [i, email] of mail.entries()) {
      // the email's own Date header (to the second): the local clock when it went out, as the pass recorded it
      const subject = escapeHtml(email.subject).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const shown = new RegExp(`<time datetime="([^"]+)">([^<]+)</time>: ${subject}`).exec(page);
      const at = new Date(shown![1]!);
      expect(Math.abs(at.getTime() - times[i]!), email.subject).toBeLessThan(2000);
      expect(shown![2]).toBe(localTime(at));
    }
    expect(times[2]).toBeGreaterThan(Date.now() + 20 * DAY); // weeks from the real today
    const id = mail[2]!.messageId;
    expect(await (await fetch(`${stack.url}/mailbox/${id}`)).text()).toBe(mail[2]!.body.html);
    const text = await (await fetch(`${stack.url}/mailbox/${id}.txt`)).text();
    expect(text).toBe(`Subject: ${mail[2]!.subject}\n\n${mail[2]!.body.text}`);
    expect(templates.program.some((w) => w.subject === mail[2]!.subject)).toBe(true);
    expect((await fetch(`${stack.url}/mailbox/no-such-email`)).status).toBe(404);
  });
});
