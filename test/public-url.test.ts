import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getContext } from "../functions/core/context";
import { runPass } from "../functions/core/sender";
import { confirmedSubscriber } from "./support/people";
import { linkIn, startTestStack, type TestStack } from "./support/stack";

let stack: TestStack;
beforeAll(async () => {
  process.env.UNKNOT_PUBLIC_URL = "https://coach.example.org";
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.stop();
  delete process.env.UNKNOT_PUBLIC_URL;
});

describe("an operator's custom domain (UNKNOT_PUBLIC_URL)", () => {
  it("is where every link points, in the confirmation and in the program emails", async () => {
    const email = "domain@example.com";
    await confirmedSubscriber(stack, email);
    await runPass(getContext(), { now: new Date() });
    const [confirmation, week1] = await stack.mailTo(email);
    expect(linkIn(confirmation!, "/confirm").startsWith("https://coach.example.org/confirm?token=")).toBe(true);
    for (const path of ["/unsubscribe", "/pause", "/export", "/delete", "/checkin"]) {
      expect(linkIn(week1!, path).startsWith(`https://coach.example.org${path}?token=`)).toBe(true);
    }
  });
});
