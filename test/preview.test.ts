import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const preview = (...args: string[]) => promisify(execFile)("npx", ["tsx", "templates/preview.ts", ...args]);

describe("npm run preview", () => {
  it("writes every email of that person's program, HTML and text, in their order", async () => {
    const out = mkdtempSync(join(tmpdir(), "unknot-preview-"));
    const { stdout } = await preview("--answers", "sleep", "--flags", "saddle", "--out", out);
    expect(stdout).toContain("cycle → sleep →");
    const files = readdirSync(out).sort();
    expect(files.filter((f) => f.endsWith(".html"))).toHaveLength(11);
    expect(files).toContain("02-sleep.txt");
    expect(files).toContain("00-confirm.html");
    const sleep = readFileSync(join(out, "02-sleep.txt"), "utf8");
    expect(sleep).toMatch(/^Subject: /);
    expect(sleep).toContain("You told us you have trouble");
    expect(sleep).toContain("urgent medical help today");
    expect(readFileSync(join(out, "09-keep-going.html"), "utf8")).toContain("Looking back on your weeks");
  });

  it("refuses answers it doesn't know", async () => {
    await expect(preview("--answers", "insomnia", "--out", tmpdir())).rejects.toMatchObject({ code: 2 });
  });
});
