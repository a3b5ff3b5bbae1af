import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "./support/stack";

const preview = (...args: string[]) => promisify(execFile)("node_modules/.bin/tsx", ["templates/preview.ts", ...args]);
const previewWith = (env: Record<string, string>, ...args: string[]) =>
  promisify(execFile)("node_modules/.bin/tsx", ["templates/preview.ts", ...args], { env: { ...process.env, ...env } });

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

    expect(stdout).toContain(`Wrote 7 program emails, the follow-up and 3 system emails to ${out}`);
    expect(readFileSync(join(out, "07-keep-going.txt"), "utf8")).toContain("Your scores came down");

    // the same folder again, another program: nothing of the last one is left beside it, and nothing else is touched
    writeFileSync(join(out, "notes.txt"), "mine");
    const after = await preview("--answers", "sleep", "--flags", "saddle", "--checked-after", "2", "--trend", "rising", "--out", out);
    // the held weeks come back where the self-check put them
    expect(after.stdout).toContain("cycle → sleep → breathing → body-scan → walking → gentle-movement → food → relaxation → keep-going");
    expect(after.stdout).toContain(`Wrote 9 program emails, the follow-up and 3 system emails to ${out}`);
    expect(readFileSync(join(out, "03-breathing.txt"), "utf8")).toContain("You told us a doctor has checked");
    const now = readdirSync(out).sort();
    expect(now.filter((f) => f.endsWith(".html"))).toHaveLength(13);
    expect(now).not.toContain("07-keep-going.html"); // the earlier program's last week
    expect(now).not.toContain("08-follow-up.html"); // and its follow-up
    expect(now).toContain("notes.txt");
    expect(readFileSync(join(out, "09-keep-going.txt"), "utf8")).toContain("Your scores went up");
  });

  it("shows the local settings' brand", async () => {
    const out = mkdtempSync(join(tmpdir(), "unknot-preview-"));
    const config = join(out, "unknot.config.json");
    const brand = { name: "Northside Back Care", logo: "test/fixtures/brand/logo.png", privacyUrl: "https://northside.example.org/privacy" };
    writeFileSync(config, JSON.stringify({ local: { brand } }));
    await previewWith({ UNKNOT_CONFIG: config, PORT: "3999" }, "--out", out);
    const week1 = readFileSync(join(out, "01-cycle.html"), "utf8");
    expect(week1).toContain('src="http://localhost:3999/assets/logo.png"');
    expect(week1).toContain(`alt="${brand.name}"`);
    expect(readFileSync(join(out, "00-confirm.txt"), "utf8")).toMatch(new RegExp(`^Subject: Please confirm your ${brand.name} subscription\nPreview line: .*\n\n${brand.name}\n`));
    expect(readFileSync(join(out, "01-cycle.txt"), "utf8")).toContain(`Privacy notice: ${brand.privacyUrl}`);
  });

  it("answers the check-ins given, as the sender would: after 5, 7, 9 the next email says to see a professional", async () => {
    const out = mkdtempSync(join(tmpdir(), "unknot-preview-"));
    await preview("--checkins", "5,7,9", "--out", out);
    const week4 = readFileSync(join(out, "04-walking.txt"), "utf8");
    expect(week4).toMatch(/^Subject: .*\nPreview line: Your last check-in: please see a doctor or physiotherapist in the next few days\.\n/);
    expect(week4).toContain("Your scores have gone up since your first check-in");
    expect(readFileSync(join(out, "03-body-scan.txt"), "utf8")).not.toContain("Your back hurt a lot");
  });

  it("refuses answers it doesn't know, scores that aren't scores, and a trend it doesn't know", async () => {
    await expect(preview("--answers", "insomnia", "--out", tmpdir())).rejects.toMatchObject({ code: 2 });
    await expect(preview("--checkins", "5,11", "--out", tmpdir())).rejects.toMatchObject({ code: 2 });
    await expect(preview("--trend", "sideways", "--out", tmpdir())).rejects.toMatchObject({ code: 2 });
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

  it("shows the program for someone checked after week N, and the last email's look back for rising, flat and falling check-ins", async () => {
    const index = await (await fetch(`${stack.url}/preview?answers=sleep&flags=saddle&checkedAfter=2&trend=flat`)).text();
    expect(index).toContain("cycle → sleep → breathing → body-scan → walking → gentle-movement → food → relaxation → keep-going");
    expect(index).toContain("They tell us a doctor has checked them after week 2.");
    expect(index).toContain('<option value="2" selected="">week 2</option>');
    expect(index).toContain('href="/preview/09-keep-going?answers=sleep&amp;flags=saddle&amp;checkedAfter=2&amp;trend=flat"');
    const lookBack = async (trend: string) =>
      (await fetch(`${stack.url}/preview/09-keep-going.txt?answers=sleep&flags=saddle&checkedAfter=2&trend=${trend}`)).text();
    expect(await lookBack("rising")).toContain("Your scores went up");
    expect(await lookBack("flat")).toContain("Your scores stayed fairly low");
    expect(await lookBack("falling")).toContain("Your scores came down");
    const never = await (await fetch(`${stack.url}/preview?answers=sleep&flags=saddle`)).text();
    expect(never).toContain("on-hold → keep-going");
  });

  it("refuses unknown answers and emails that aren't in the program", async () => {
    expect((await fetch(`${stack.url}/preview?answers=insomnia`)).status).toBe(400);
    expect((await fetch(`${stack.url}/preview?checkedAfter=12`)).status).toBe(400);
    expect((await fetch(`${stack.url}/preview?trend=sideways`)).status).toBe(400);
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
