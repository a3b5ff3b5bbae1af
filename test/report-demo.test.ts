import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { freePort } from "./support/stack";
import { DEMO_TODAY, demoPages } from "../infra/ops/report/demo";

/** `npm run report` in a shell with no stack running and an empty data folder. */
async function report(args: string[]) {
  const dataDir = mkdtempSync(join(tmpdir(), "unknot-report-"));
  const shell = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(SST_|AWS_ENDPOINT_URL_)/.test(name)));
  const env = { ...shell, DATA_DIR: dataDir, DYNAMODB_PORT: String(await freePort()) }; // nothing listens there
  const run = await promisify(execFile)("npx", ["tsx", "infra/ops/report.ts", ...args], { env }).catch(
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  return { ...run, dataDir };
}

describe("npm run report -- --demo", () => {
  it("builds the report from generated data alone: no table read, nothing written but the file", async () => {
    const { stdout, dataDir } = await report(["--demo"]);
    expect(stdout.trim()).toMatch(/report-demo\.html$/);
    expect(readdirSync(dataDir)).toEqual(["report-demo.html"]);
    const html = readFileSync(join(dataDir, "report-demo.html"), "utf8");
    expect(html).toContain("Demo data (generated, not real people). All signups: 1,400. Made 2026-09-02 09:00 UTC.");
    expect(html.match(/<svg[^>]* role="img"/g)).toHaveLength(5);
  });

  it("is dated its own today: every signup, email, check-in and answer in it came before the date the report gives", () => {
    const dates: string[] = [];
    const collect = (value: unknown, key = ""): void => {
      if (typeof value === "string" && /^(createdAt|consentAt|confirmedAt|at)$/.test(key)) dates.push(value);
      else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) collect(v, k);
    };
    for (const page of demoPages()) collect(page);
    expect(dates.length).toBeGreaterThan(10_000);
    expect(dates.filter((d) => Date.parse(d) > DEMO_TODAY.getTime())).toEqual([]);
  });

  it("takes one signup month, and refuses a month that isn't one", async () => {
    const { dataDir } = await report(["--demo", "--cohort", "2026-02"]);
    const html = readFileSync(join(dataDir, "report-demo.html"), "utf8");
    expect(html).toMatch(/Signups from 2026-02-01 to 2026-02-28: [\d,]+\./);
    expect(html).toContain("<th scope=\"row\">2026-02</th>");
    expect(html).not.toContain("<th scope=\"row\">2026-03</th>");
    const refused = await report(["--demo", "--cohort", "2026-2"]);
    expect(refused).toMatchObject({ code: 2, stdout: "", stderr: "--cohort takes a month: YYYY-MM\n" });
    expect(readdirSync(refused.dataDir)).toEqual([]);
  });
});
