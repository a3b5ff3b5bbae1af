import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasPlatform, infraSuite, runProgram } from "../support/sst-program";

/** `sst deploy` run by hand, around npm run deploy: sst.config.ts itself refuses the demo settings. */
describe.skipIf(!hasPlatform)(infraSuite("sst.config.ts with demo settings for production"), () => {
  it("stops before declaring a single resource, naming what to fix", async () => {
    const dir = mkdtempSync(join(tmpdir(), "unknot-config-"));
    const file = join(dir, "unknot.config.json");
    const demo = { sender: "your-clinic.example", fromAddress: "coach@your-clinic.example", postalAddress: "Physio Clinic, 4 Mill Lane, Leeds" };
    writeFileSync(file, JSON.stringify({ production: demo }));
    const declared: string[] = [];
    await expect(runProgram("production", file, (type) => declared.push(type))).rejects.toThrow(
      /sender: "your-clinic\.example" is a demo value[\s\S]*alarmEmail: missing/,
    );
    expect(declared.filter((type) => !type.startsWith("pulumi:"))).toEqual([]);
  }, 120_000);
});
