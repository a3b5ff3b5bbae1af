import { afterEach, describe, expect, it, vi } from "vitest";
import { getContext } from "../../functions/runtime/context";
import { useCaptureStack } from "../support/capture-stack";
import { confirmedSubscriber } from "../support/people";
import { postForm } from "../support/stack";

/**
 * While SES refuses to send (an account still in the sandbox, a paused account, throttling),
 * the signup answer must not tell a prober what state an address is in (N4): the same status,
 * the same page, the same timing floor, whatever the address and whatever SES says. On the
 * real local stack (dynalite, the app over HTTP) with an SES stand-in that refuses.
 */

const rig = useCaptureStack();
afterEach(() => {
  vi.useRealTimers();
});

const MINUTE = 60_000;
const form = { answers: ["sleep"], flags: [] as string[], tz: "Europe/Berlin", consent: "yes", website: "" };
const subscribe = (email: string) => postForm(`${rig.stack.url}/subscribe`, { ...form, email });

/** One address in every state a signup can meet that stays in it (a refused email changes nothing). */
async function addressesIn(prefix: string) {
  const at = (state: string) => `${prefix}.${state}@example.com`;
  const ctx = getContext();
  await subscribe(at("pending"));
  for (const state of ["active", "paused", "completed", "unsubscribed", "bounced", "complained"]) await confirmedSubscriber(rig.stack, at(state));
  await postForm((await rig.stack.links(at("paused"))).pause(), { action: "pause", weeks: "2" });
  await fetch((await rig.stack.links(at("unsubscribed"))).unsubscribe(), { method: "POST" });
  const pk = async (state: string) => (await rig.stack.subscriber(at(state)))!.pk;
  await ctx.store.update(await pk("completed"), { set: { status: "completed" }, remove: ["dueAt"] }, {});
  for (const status of ["bounced", "complained"] as const) {
    await ctx.store.markSuppressed(await pk(status), status);
    await ctx.store.update(await pk(status), { set: { status }, remove: ["dueAt"] }, {});
  }
  return ["pending", "active", "paused", "completed", "unsubscribed", "bounced", "complained"].map((state) => ({ state, email: at(state) }));
}

const faults = {
  "the SES sandbox (an address nobody verified)": () => {
    rig.capture.options.reject = () => true;
  },
  "a paused account": () => {
    rig.capture.options.failWith = { code: "AccountSendingPausedException", message: "Email sending is disabled for this account." };
  },
  throttling: () => {
    rig.capture.options.throttleShare = 1;
  },
};
const sesSends = () => {
  rig.capture.options.reject = undefined;
  rig.capture.options.failWith = undefined;
  rig.capture.options.throttleShare = 0;
};

describe("N4: signing up while SES refuses", () => {
  it("answers every state 200 with the same page, after the same floor, in the sandbox, on a paused account and throttled; the owner can try again at once", async () => {
    const states = await addressesIn("n4");
    const start = Date.now();
    vi.useFakeTimers({ toFake: ["Date"] });
    for (const [round, [name, fault]] of Object.entries(faults).entries()) {
      // an hour on: every address may be mailed again (past its 10 minutes, and its inbox's hour)
      vi.setSystemTime(start + (round + 1) * 61 * MINUTE);
      const fresh = (state: string) => ({ state, email: `n4.${round}.${state}@example.com` });
      await subscribe(fresh("recently-mailed").email);
      const addresses = [fresh("new"), ...states, fresh("recently-mailed")];
      const timing = getContext().memory.signupTiming;
      const settle = vi.spyOn(timing, "settle");
      fault();
      const answers: Record<string, { status: number; body: string }> = {};
      for (const { state, email } of addresses) {
        const response = await subscribe(email);
        answers[state] = { status: response.status, body: await response.text() };
      }
      const settled = settle.mock.calls.length;
      settle.mockRestore();
      sesSends();
      // the page tells nobody anything: the same status and body for every state
      expect(Object.values(answers).map((a) => a.status), name).toEqual(addresses.map(() => 200));
      for (const { state } of addresses) expect(answers[state]!.body, `${name}: ${state}`).toBe(answers.new!.body);
      expect(answers.new!.body).toContain("check your inbox");
      // every one of them waited out the floor, the refused sends too
      expect(settled, name).toBe(addresses.length);
    }

    // nothing a person typed is lost: once SES sends again, they can try again at once
    vi.setSystemTime(start + 4 * 61 * MINUTE - 5 * MINUTE);
    for (const email of ["n4.2.new@example.com", "n4.active@example.com"]) {
      const before = rig.capture.to(email).length;
      expect((await subscribe(email)).status).toBe(200);
      expect(rig.capture.to(email).length, email).toBe(before + 1);
    }
    expect((await rig.stack.subscriber("n4.2.new@example.com"))?.answers).toEqual(["sleep"]);
  }, 120_000);
});
