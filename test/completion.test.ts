import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { Stats } from "../infra/ops/stats/figures";
import { runPass } from "../functions/domain/sending/pass";
import { getContext } from "../functions/runtime/context";
import { confirmedSubscriber } from "./support/people";
import { linkIn, postForm } from "./support/stack";
import { useTestStack } from "./support/use-stack";

/**
 * "Completed" means the last email of their own program, whatever they did after: five people
 * walk all nine weeks on the real local stack (dynalite, the SES emulator, the app over HTTP),
 * answer the questions after the last email, press Unsubscribe in it, and `npm run stats --
 * --json` and `npm run report` both count them as completed, not as leavers. Five, so that
 * the report (which suppresses figures under 5) shows the number.
 */
const stack = useTestStack();
const run = promisify(execFile);
const PEOPLE = Array.from({ length: 5 }, (_, i) => `finisher.${i}@example.com`);

describe("someone who unsubscribes after the last email", () => {
  it("has completed, in npm run stats -- --json and in the report", async () => {
    for (const email of PEOPLE) await confirmedSubscriber(stack, email, { baseline: { pain: "6", enjoyment: "5", activity: "6" } });

    // every pass sends whoever is due; the next one runs when the next email is
    let at = Date.now();
    for (let pass = 0; pass < 12; pass++) {
      await runPass(getContext(), { now: new Date(at) });
      const due = (await stack.subscribers()).flatMap((s) => (s.dueAt === undefined ? [] : [s.dueAt]));
      if (due.length === 0) break;
      at = Math.min(...due);
    }
    for (const email of PEOPLE) {
      const received = (await stack.mailTo(email)).filter((m) => !/confirm/i.test(m.subject));
      expect(received, email).toHaveLength(9);
      const last = received.at(-1)!;
      expect((await postForm(linkIn(last, "/end"), { pain: "2", change: "better" })).status).toBe(200);
      expect((await fetch(linkIn(last, "/unsubscribe"), { method: "POST" })).status).toBe(200);
      expect(await stack.subscriber(email)).toMatchObject({ status: "unsubscribed", atEnd: { pain: 2 } });
    }

    const { stdout } = await run("npx", ["tsx", "infra/ops/stats.ts", "--json"], { env: stack.cliEnv() });
    const stats = JSON.parse(stdout) as Stats;
    expect(stats.byStatus.unsubscribed).toBe(5);
    expect(stats.completed).toEqual({ count: 5, rate: 1 });
    expect(stats.leaving).toEqual([]); // nobody left before the end
    expect(stats.cohorts.map((c) => [c.completed, c.left])).toEqual([[5, 0]]);
    expect(stats.weeks.at(-1)).toMatchObject({ week: 9, recipients: 5, finished: 5 });
    // 6 → 2 is two thirds less pain: all five, whichever way it is counted
    expect(stats.outcomes.end.itt.pain30).toMatchObject({ count: 5, n: 5 });
    expect(stats.outcomes.end.completers.pain50).toMatchObject({ count: 5, n: 5 });

    const out = join(stack.config.dataDir, "report.html");
    await run("npx", ["tsx", "infra/ops/report.ts", "--out", out], { env: stack.cliEnv() });
    const html = readFileSync(out, "utf8");
    expect(html).toContain('<th scope="row">Completed</th><td>5</td>');
    expect(html).toMatch(/<th scope="row">Week 9<\/th><td>5<\/td><td>5<\/td><td>fewer than 5<\/td>/);
    expect(html).toContain('<th scope="row">Got the last email (completed)</th><td>5</td>');
    expect(html).toMatch(/<th scope="row">\d{4}-\d{2}<\/th><td>5<\/td><td>5<\/td><td>5<\/td><td>fewer than 5<\/td>/);
  }, 120_000);
});
