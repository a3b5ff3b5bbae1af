import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { confirmedSubscriber } from "./support/people";
import { useTestStack } from "./support/use-stack";

const run = promisify(execFile);
const stack = useTestStack();

describe("npm run subscriber-id", () => {
  it("prints the id the logs and the table know a subscriber by, from their address in any case", async () => {
    await confirmedSubscriber(stack, "logs.reader@example.com");
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "infra/ops/subscriber-id.ts", "Logs.Reader@Example.com"], {
      env: stack.cliEnv(),
    });
    const stored = await stack.subscriber("logs.reader@example.com");
    expect(stdout.trim()).toBe(stored!.pk);
    expect(stderr).toContain(`filter @message like "${stored!.pk}"`);
    expect(stdout + stderr).not.toMatch(/logs\.reader@example\.com/i);
  });
});
