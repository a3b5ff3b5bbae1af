import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { recordEmailEvent } from "../../functions/domain/suppression/suppression";
import { edge } from "../support/fuzz";
import { sesEvent } from "../support/ses-events";
import { useMemoryStack } from "../support/use-stack";

/**
 * Mail-bombing one inbox and starving everyone else, from the addresses a free IPv6 tunnel
 * broker hands out (a /48: 65,536 /64s), and probing which addresses are suppressed (N3, N5).
 * Each signup goes in through the deployed Lambda entry with the client address AWS reports
 * (`requestContext.http.sourceIp`), as the forged-header tests do.
 */

const stack = useMemoryStack({ env: { ...process.env, UNKNOT_SIGNUPS_PER_IP_HOUR: "5" } });
const HOUR = 3_600_000;
/** Signups wait out the timing floor: a hundred in a row take a while. */
const SLOW = 120_000;

let hoursAhead = 0;
beforeEach(() => {
  // each test in an hour no other has used, so the hourly counters start at zero
  hoursAhead += 3;
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date((Math.floor(Date.now() / HOUR) + hoursAhead) * HOUR + 60_000));
});
afterEach(() => {
  vi.useRealTimers();
});

/** Posts the signup form through the Lambda entry, from `sourceIp`. */
async function signUp(email: string, sourceIp: string) {
  const fields = new URLSearchParams({ email, answers: "sleep", tz: "UTC", consent: "yes", website: "" });
  const send = edge(stack, stack.app, stack.handler);
  const answer = await send(
    { method: "POST", path: "/subscribe", contentType: "application/x-www-form-urlencoded", body: new TextEncoder().encode(fields.toString()), sourceIp },
    "lambda",
  );
  expect(answer.status).toBe(200);
  return answer;
}

/** Confirmation emails whose recipient matches. */
const confirmationsTo = async (match: (to: string) => boolean) =>
  (await stack.mailbox()).filter((m) => /confirm/i.test(m.subject) && m.destination.to.some(match));

function withBudget(perHour: number) {
  const settings = stack.context.settings;
  stack.context.settings = { ...settings, confirmationsPerHour: perHour };
  return () => {
    stack.context.settings = settings;
  };
}

describe("N3: one inbox, many aliases, many /64s of one /48", () => {
  it("20 /64s signing up victim+1 … victim+40: the victim's inbox gets at most 3 confirmations an hour", async () => {
    for (let net = 0; net < 20; net++) {
      for (const n of [2 * net, 2 * net + 1]) await signUp(`victim+${n}@example.com`, `2001:db8:4a1:${net.toString(16)}::${n + 1}`);
    }
    expect(await confirmationsTo((to) => /^victim\+\d+@example\.com$/.test(to))).toHaveLength(3);
  }, SLOW);

  it("folds case and tags into one mailbox: five spellings of one inbox get 3 confirmations in the hour", async () => {
    const spellings = ["jane.doe@example.com", "Jane.Doe@example.com", "jane.doe+1@example.com", "Jane.Doe+x@Example.com", "JANE.DOE+news@EXAMPLE.COM"];
    for (const [i, address] of spellings.entries()) await signUp(address, `198.51.100.${10 + i}`);
    expect(await confirmationsTo((to) => /^jane\.doe(\+[a-z0-9]+)?@example\.com$/.test(to))).toHaveLength(3);
  }, SLOW);

  it("a flood from one /48 spends at most its share of the hourly budget; others can still sign up", async () => {
    const restore = withBudget(100);
    try {
      for (let net = 0; net < 40; net++) {
        for (const n of [0, 1]) await signUp(`flood${net}-${n}@example.org`, `2001:db8:beef:${net.toString(16)}::${n + 1}`);
      }
      const flooded = await confirmationsTo((to) => to.startsWith("flood"));
      expect(flooded.length).toBeGreaterThan(0);
      expect(flooded.length).toBeLessThanOrEqual(10);
      // someone from another network this same hour still gets their confirmation
      await signUp("elsewhere@example.net", "2001:db8:cafe:1::7");
      await signUp("v4person@example.net", "192.0.2.200");
      expect(await confirmationsTo((to) => to.endsWith("@example.net"))).toHaveLength(2);
    } finally {
      restore();
    }
  }, SLOW);
});

describe("N5: the per-client allowance is no oracle", () => {
  it("a prober gets the same number of confirmations whether the target address is suppressed or not", async () => {
    const target = "n5.suppressed@example.com";
    const at = new Date().toISOString();
    expect(await recordEmailEvent(stack.context, sesEvent("Bounce", target, at, "n5"), new Date())).toMatchObject({ outcome: "suppressed" });

    const probe = async (first: string, client: string, tag: string) => {
      await signUp(first, client);
      for (let i = 1; i <= 5; i++) await signUp(`prober-${tag}${i}@example.org`, client);
      return (await confirmationsTo((to) => to.startsWith(`prober-${tag}`))).length;
    };
    const suppressed = await probe(target, "203.0.113.61", "s");
    const fresh = await probe("n5.fresh@example.com", "203.0.113.62", "f");
    expect(suppressed).toBe(fresh);
    expect(fresh).toBe(4);
  }, SLOW);
});
