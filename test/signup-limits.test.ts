import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { setLogSink } from "../functions/domain/log";
import { confirmationsPerHour } from "../functions/domain/signup/limits";
import { networkOf } from "../functions/domain/signup/networks";
import { statsOf, subscriberPages } from "../infra/ops/stats/figures";
import { settingsFromEnv } from "../infra/aws/stage-config";
import { edge } from "./support/fuzz";
import { postForm, rawPost } from "./support/http";
import { useMemoryStack } from "./support/use-stack";

/**
 * Subscription bombing: someone posts the form over and over with addresses they don't own
 * (`victim-1@…`, `victim-2@…`: a different mailbox each; the aliases of one mailbox, `victim+1@…`,
 * are test/attack/signup-flood's), to flood inboxes or to spend the SES quota. Each client gets
 * a few confirmation emails an hour, all clients together an hourly budget; every answer still
 * looks like a normal signup, and past a limit nothing is stored or sent.
 */

// the default, stated: the test stack otherwise lifts it for tests that sign up many people
process.env.UNKNOT_SIGNUPS_PER_IP_HOUR = "5";

const stack = useMemoryStack();
afterAll(() => {
  delete process.env.UNKNOT_SIGNUPS_PER_IP_HOUR;
});
afterEach(() => {
  vi.useRealTimers();
});

const HOUR = 3_600_000;
/** Each signup answers no sooner than a typical one that sent an email: dozens in a row take a while. */
const SLOW = 180_000;
const form = { answers: ["sleep"], flags: [] as string[], tz: "Europe/Berlin", consent: "yes", website: "" };
const url = () => `${stack.url}/subscribe`;

/** Confirmation emails that went to addresses starting with `prefix`. */
const confirmationsTo = async (prefix: string) =>
  (await stack.mailbox()).filter((m) => m.destination.to.some((to) => to.includes(prefix)) && /confirm/i.test(m.subject));

/** Moves the app's clock (it runs in this process) to the start of an hour no test has used yet. */
let hoursAhead = 0;
function freshHour() {
  hoursAhead += 3;
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date((Math.floor(Date.now() / HOUR) + hoursAhead) * HOUR + 60_000));
}

describe("the defaults", () => {
  it("are 5 confirmations per client an hour, and an hourly budget of the quota's share the program leaves free", async () => {
    expect(settingsFromEnv({}).signupsPerIpHour).toBe(5);
    expect(settingsFromEnv({}).confirmationsPerHour).toBeUndefined();
    const ctx = stack.context;
    const unset = { ...ctx, settings: { ...ctx.settings, confirmationsPerHour: undefined } };
    // the local SES reports a 24-hour quota of 50,000; the sender may use 0.8 of it: 0.2 × 50,000 / 24
    expect(await confirmationsPerHour(unset, new Date())).toBe(416);
  });
});

describe("one client signing up many addresses", () => {
  it("gets 5 confirmation emails out of 30 signups of victim-1 … victim-30, and 30 normal-looking pages", async () => {
    const pages: string[] = [];
    const logged: string[] = [];
    setLogSink((line) => logged.push(line));
    for (let i = 1; i <= 30; i++) {
      const response = await postForm(url(), { ...form, email: `victim-${i}@example.com` });
      expect(response.status).toBe(200);
      pages.push(await response.text());
    }
    setLogSink();
    // the operator's log says, one line a signup, why the other 25 sent nothing; never whose address
    const notSent = logged.filter((line) => line.includes('"signup_not_sent"'));
    expect(notSent).toEqual(Array(25).fill(JSON.stringify({ event: "signup_not_sent", reason: "client_or_network_hourly_limit" })));
    expect(new Set(pages).size).toBe(1);
    expect(pages[0]).toContain("check your inbox");
    expect(await confirmationsTo("victim-")).toHaveLength(5);
    // past the limit nothing is stored either: no health answers of someone who never got a link
    expect((await stack.subscribers()).filter((s) => s.email.startsWith("victim-"))).toHaveLength(5);
  }, SLOW);

  it("can't buy a fresh allowance with a forged X-Forwarded-For, X-Real-IP or Forwarded header", async () => {
    for (let i = 1; i <= 9; i++) {
      const ip = `198.51.100.${i}`;
      const headers = { "x-forwarded-for": ip, "x-real-ip": ip, forwarded: `for=${ip}` };
      const answer = await rawPost(url(), { ...form, email: `forged-${i}@example.com` }, { headers, localAddress: "127.0.0.3" });
      expect(answer.status).toBe(200);
    }
    expect(await confirmationsTo("forged-")).toHaveLength(5);
  }, SLOW);

  it("can't overshoot with many signups at once: 40 in parallel send exactly 5", async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => rawPost(url(), { ...form, email: `burst-${i}@example.com` }, { localAddress: "127.0.0.4" })),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(await confirmationsTo("burst-")).toHaveLength(5);
  }, SLOW);

  it("is counted apart from other clients, and by the address AWS reports on Lambda", async () => {
    for (let i = 0; i < 7; i++) await rawPost(url(), { ...form, email: `apart-a${i}@example.com` }, { localAddress: "127.0.0.5" });
    for (let i = 0; i < 7; i++) await rawPost(url(), { ...form, email: `apart-b${i}@example.com` }, { localAddress: "127.0.0.6" });
    expect(await confirmationsTo("apart-a")).toHaveLength(5);
    expect(await confirmationsTo("apart-b")).toHaveLength(5);

    const send = edge(stack, stack.app, stack.handler);
    for (let i = 0; i < 8; i++) {
      const body = new TextEncoder().encode(new URLSearchParams({ answers: "sleep", tz: "UTC", consent: "yes", email: `lambda-${i}@example.com` }).toString());
      const answer = await send(
        {
          method: "POST",
          path: "/subscribe",
          contentType: "application/x-www-form-urlencoded",
          body,
          sourceIp: "192.0.2.44",
          headers: { "x-forwarded-for": `203.0.113.${i}` },
        },
        "lambda",
      );
      expect(answer.status).toBe(200);
    }
    expect(await confirmationsTo("lambda-")).toHaveLength(5);
  }, SLOW);

  it("counts an IPv6 client by its /64, since one host can pick any address in it", () => {
    expect(networkOf("2001:db8:1:2:aaaa::1")).toBe(networkOf("2001:db8:1:2:bbbb:cccc:dddd:2"));
    expect(networkOf("2001:db8:1:2::1")).toBe("2001:0db8:0001:0002::/64");
    expect(networkOf("2001:db8:1:3::1")).not.toBe(networkOf("2001:db8:1:2::1"));
    expect(networkOf("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(networkOf("203.0.113.7")).toBe("203.0.113.7");
  });
});

describe("the overall hourly budget", () => {
  it("caps confirmation and notice emails from all clients together", async () => {
    freshHour();
    const ctx = stack.context;
    const settings = ctx.settings;
    ctx.settings = { ...settings, confirmationsPerHour: 7 };
    try {
      for (const client of ["127.0.0.7", "127.0.0.8", "127.0.0.9"]) {
        for (let i = 0; i < 5; i++) {
          const answer = await rawPost(url(), { ...form, email: `budget-${client}.${i}@example.com` }, { localAddress: client });
          expect(answer.status).toBe(200);
        }
      }
    } finally {
      ctx.settings = settings;
    }
    expect(await confirmationsTo("budget-")).toHaveLength(7);
  }, SLOW);
});

describe("the counters", () => {
  it("are table items under limit#, with no status, an expiry, and no IP address in them", async () => {
    const counters = (await stack.items()).filter((item) => String(item.pk).startsWith("limit#"));
    expect(counters.length).toBeGreaterThan(5);
    const now = Date.now() / 1000;
    for (const counter of counters) {
      expect(counter).not.toHaveProperty("status");
      expect(counter.expiresAt).toBeGreaterThan(now);
      expect(counter.expiresAt).toBeLessThan(now + 3 * 24 * 3600);
    }
    const text = JSON.stringify(counters);
    for (const ip of ["127.0.0", "::1", "192.0.2.44", "198.51.100", "203.0.113"]) expect(text).not.toContain(ip);
  });

  it("are not subscribers: the operator's stats count none of them", async () => {
    const stats = await statsOf(subscriberPages(stack.context.store));
    expect(stats.subscribers).toBe((await stack.subscribers()).length);
    expect(Object.keys(stats.byStatus)).not.toContain("undefined");
  });

  it("never count past their limit, however many Lambdas count at once", async () => {
    const store = stack.context.store;
    const expires = new Date(Date.now() + HOUR);
    const results = await Promise.all(Array.from({ length: 60 }, () => store.countUp("concurrency-test", 7, expires)));
    expect(results.filter(Boolean)).toHaveLength(7);
    const counter = (await stack.items()).find((item) => item.pk === "limit#concurrency-test");
    expect(counter?.count).toBe(7);
  });
});
