import { describe, expect, it } from "vitest";
import { DEFERRED_PASS_PATTERN, SEND_FAILED_PATTERN } from "../infra/aws/alarm-patterns";
import { filterMatches, filterRegex, lambdaTextLine } from "./support/filter-pattern";

/** The matcher held to CloudWatch's documented examples (regex-expressions.html). */
describe("CloudWatch regex filter patterns", () => {
  it("match anywhere in the message, case-sensitive, as the documentation's examples do", () => {
    expect(filterMatches("%AUTHORIZED%", "[ERROR 401] UNAUTHORIZED REQUEST")).toBe(true);
    expect(filterMatches("%AUTHORIZED%", "[SUCCESS 200] AUTHORIZED REQUEST")).toBe(true);
    expect(filterMatches("%AUTHORIZED%", "authorized request")).toBe(false);
    expect(filterMatches("%^[hc]at%", "hat trick")).toBe(true);
    expect(filterMatches("%^[hc]at%", "that")).toBe(false);
    expect(filterMatches("%colou?r%", "the color")).toBe(true);
    expect(filterMatches("%a{3,5}%", "baaab")).toBe(true);
    expect(filterMatches("%a{3,5}%", "baab")).toBe(false);
    expect(filterMatches("%[Ee]rror|[Ff]ail%", "send fail")).toBe(true);
  });

  it("are refused where CloudWatch refuses them: other characters, parentheses, quotes, other forms", () => {
    expect(() => filterRegex("%something!%")).toThrow(/refuses "!"/);
    expect(() => filterRegex("%(a|b)%")).toThrow(/refuses "\(\)"/);
    expect(() => filterRegex('%"event":"send_failed"%')).toThrow(/refuses "\\""/);
    expect(() => filterRegex("%two words%")).toThrow(/refuses " "/);
    expect(() => filterRegex('{ $.event = "send_failed" }')).toThrow(/not a regex filter pattern/);
  });

  it("are what unknot's alarms use, and they see through Lambda's prefix on each line", () => {
    for (const pattern of [DEFERRED_PASS_PATTERN, SEND_FAILED_PATTERN]) expect(() => filterRegex(pattern)).not.toThrow();
    const line = lambdaTextLine("info", JSON.stringify({ event: "sender_pass", due: 3, sent: 1, failed: 0, skipped: 0, deferred: 2 }));
    expect(line).toMatch(/^\S+Z\t[0-9a-f-]{36}\tINFO\t\{"event"/);
    expect(filterMatches(DEFERRED_PASS_PATTERN, line)).toBe(true);
    // a JSON pattern would have needed the line to be JSON: with the prefix it isn't
    expect(() => JSON.parse(line)).toThrow();
  });
});
