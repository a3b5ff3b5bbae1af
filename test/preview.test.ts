import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "./support/stack";

const preview = (...args: string[]) => promisify(execFile)("npx", ["tsx", "templates/preview.ts", ...args]);

describe("npm run preview", () => {
  it("writes every email of that person's program, HTML and text, in their order", async () => {
    const out = mkdtempSync(join(tmpdir(), "unknot-preview-"));
    const { stdout } = await preview("--answers", "sleep", "--flags", "saddle", "--out", out);
    // an urgent sign: the movement weeks wait for "a doctor has checked me", which never comes here
    expect(stdout).toContain("cycle → sleep → breathing → body-scan → food → on-hold → keep-going");
    expect(stdout).toContain("the movement weeks wait until they tell us a doctor has checked them");
    const files = readdirSync(out).sort();
    expect(files.filter((f) => f.endsWith(".html"))).toHaveLength(11);
    expect(readFileSync(join(out, "08-follow-up.txt"), "utf8")).toContain("Subject: How is your back now?");
    expect(readFileSync(join(out, "07-keep-going.txt"), "utf8")).toContain("Before you go: how is your back now?");
    expect(files).toContain("00-data-link.html");
    expect(files).toContain("02-sleep.txt");
    expect(files).toContain("00-confirm.html");
    const sleep = readFileSync(join(out, "02-sleep.txt"), "utf8");
    expect(sleep).toMatch(/^Subject: .*\nPreview line: A reminder: please get urgent medical help today if you haven't been checked yet\.\n/);
    expect(sleep).toContain("You told us you have trouble");
    expect(sleep).toContain("urgent medical help today");
    expect(readFileSync(join(out, "07-keep-going.html"), "utf8")).toContain("Looking back on your weeks");

    const checked = mkdtempSync(join(tmpdir(), "unknot-preview-"));
    const after = await preview("--answers", "sleep", "--flags", "saddle", "--checked-after", "2", "--out", checked);
    // the held weeks come back where the self-check put them
    expect(after.stdout).toContain("cycle → sleep → breathing → body-scan → walking → gentle-movement → food → relaxation → keep-going");
    expect(readFileSync(join(checked, "03-breathing.txt"), "utf8")).toContain("You told us a doctor has checked");
  });

  it("answers the check-ins given, as the sender would: after 5, 7, 9 the next email says to see a professional", async () => {
    const out = mkdtempSync(join(tmpdir(), "unknot-preview-"));
    await preview("--checkins", "5,7,9", "--out", out);
    const week4 = readFileSync(join(out, "04-walking.txt"), "utf8");
    expect(week4).toMatch(/^Subject: .*\nPreview line: Your last check-in: please see a doctor or physiotherapist in the next few days\.\n/);
    expect(week4).toContain("Your scores have gone up since your first check-in");
    expect(readFileSync(join(out, "03-body-scan.txt"), "utf8")).not.toContain("Your back hurt a lot");
  });

  it("refuses answers it doesn't know, and scores that aren't scores", async () => {
    await expect(preview("--answers", "insomnia", "--out", tmpdir())).rejects.toMatchObject({ code: 2 });
    await expect(preview("--checkins", "5,11", "--out", tmpdir())).rejects.toMatchObject({ code: 2 });
  });
});

describe("the local previews at /preview", () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.stop());

  it("lists a program's emails in order for the ticked answers and shows each as HTML and text", async () => {
    const index = await fetch(`${stack.url}/preview?answers=sleep&answers=mood&flags=night`);
    expect(index.status).toBe(200);
    const html = await index.text();
    expect(html).toContain("cycle → breathing → sleep →");
    const week = await fetch(`${stack.url}/preview/03-sleep?answers=sleep,mood&flags=night`);
    expect(await week.text()).toContain("You told us you have trouble");
    const text = await (await fetch(`${stack.url}/preview/03-sleep.txt?answers=sleep,mood&flags=night`)).text();
    expect(text).toMatch(/^Subject: /);
    expect(text).toContain("please see a doctor in the next few days");
  });

  it("refuses unknown answers and emails that aren't in the program", async () => {
    expect((await fetch(`${stack.url}/preview?answers=insomnia`)).status).toBe(400);
    expect((await fetch(`${stack.url}/preview/03-sleep`)).status).toBe(404); // without sleep, week 3 isn't sleep
  });

  it("leaves the app's own pages alone, its 404 page included", async () => {
    const missing = await fetch(`${stack.url}/no-such-page`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<html lang="en">');
    expect((await fetch(`${stack.url}/previewed`)).status).toBe(404);
    expect(await (await fetch(`${stack.url}/health`)).json()).toEqual({ ok: true });
  });
});
