import { describe, expect, it } from "vitest";
import { DOTS_IGNORED, emailSchema, mailboxOf, normaliseEmail } from "../functions/domain/subscriber/address";

/** The first message the schema gives for `input`, or undefined when it is accepted. */
function problemWith(input: unknown): string | undefined {
  const result = emailSchema.safeParse(input);
  return result.success ? undefined : result.error.issues[0]?.message;
}

describe("normaliseEmail", () => {
  it("trims surrounding space and lower-cases, so one person is one address", () => {
    expect(normaliseEmail("  Reader.One@Example.COM \t")).toBe("reader.one@example.com");
    expect(normaliseEmail("READER@EXAMPLE.COM")).toBe(normaliseEmail("reader@example.com"));
  });

  it("leaves an already normal address alone", () => {
    expect(normaliseEmail("reader+back@mail.example.org")).toBe("reader+back@mail.example.org");
  });
});

describe("emailSchema", () => {
  it.each([
    ["a plain address", "reader@example.com"],
    ["a plus tag", "reader+unknot@example.com"],
    ["dots in the local part", "first.middle.last@example.com"],
    ["a subdomain", "reader@mail.clinic.example.com"],
    ["digits and hyphens", "r2-d2@my-clinic99.example"],
    ["an apostrophe", "o'brien@example.com"],
  ])("accepts %s", (_name, address) => {
    expect(problemWith(address)).toBeUndefined();
    expect(emailSchema.parse(address)).toBe(address);
  });

  it("gives back the normalised address", () => {
    expect(emailSchema.parse("  Reader+Back@Mail.Example.COM  ")).toBe("reader+back@mail.example.com");
  });

  it("accepts an address of exactly 254 characters", () => {
    const address = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.com`;
    expect(address).toHaveLength(254);
    expect(problemWith(address)).toBeUndefined();
  });

  it.each([
    ["a missing @", "reader.example.com", /doesn.t look like an email address/],
    ["two @", "reader@home@example.com", /doesn.t look like an email address/],
    ["nothing before the @", "@example.com", /doesn.t look like an email address/],
    ["no domain", "reader@", /doesn.t look like an email address/],
    ["a domain without a dot", "reader@localhost", /doesn.t look like an email address/],
    ["a space inside", "read er@example.com", /doesn.t look like an email address/],
    ["a space before the domain", "reader@ example.com", /doesn.t look like an email address/],
    ["a CR LF header injection", "reader@example.com\r\nBcc: victim@example.com", /doesn.t look like an email address/],
    ["a bare LF", "reader@exam\nple.com", /doesn.t look like an email address/],
    ["a bare CR", "reader\r@example.com", /doesn.t look like an email address/],
    ["a NUL", "reader\u0000@example.com", /doesn.t look like an email address/],
    ["a comma-separated list", "a@example.com,b@example.com", /doesn.t look like an email address/],
    ["a display name", "Reader <reader@example.com>", /doesn.t look like an email address/],
    ["an empty string", "", /enter your email address/],
    ["only spaces", "   ", /enter your email address/],
  ])("rejects %s", (_name, address, message) => {
    expect(problemWith(address)).toMatch(message);
  });

  it("rejects anything longer than 254 characters, saying it is too long", () => {
    const address = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(58)}.com`;
    expect(address).toHaveLength(255);
    expect(problemWith(address)).toMatch(/too long/);
    expect(problemWith(`${"a".repeat(250)}@example.com`)).toMatch(/too long/);
  });

  it("rejects a missing value with the same request to enter an address", () => {
    expect(problemWith(undefined)).toMatch(/enter your email address/);
    expect(problemWith(null)).toMatch(/enter your email address/);
  });
});

describe("RFC 5321 limits", () => {
  it("accepts a 64-character local part and 63-character labels", () => {
    expect(problemWith(`${"a".repeat(64)}@${"b".repeat(63)}.example.com`)).toBeUndefined();
  });

  it("refuses a local part over 64 octets, saying which part is too long", () => {
    expect(problemWith(`${"a".repeat(65)}@example.com`)).toMatch(/part before the @ is too long/);
    // 33 two-octet letters are 66 octets, though only 33 characters
    expect(problemWith(`${"é".repeat(33)}@example.com`)).toMatch(/part before the @ is too long|doesn.t look like/);
  });

  it("refuses a domain label over 63 octets", () => {
    expect(problemWith(`reader@${"b".repeat(64)}.example.com`)).toMatch(/part of the domain .* is too long/);
    expect(problemWith(`reader@mail.${"c".repeat(64)}.com`)).toMatch(/part of the domain .* is too long/);
  });
});

describe("mailboxOf: what one inbox is, for counting what it is sent", () => {
  it("folds dots only for the providers that document it: Gmail, and googlemail.com as its twin", () => {
    expect(DOTS_IGNORED).toEqual({ "gmail.com": "gmail.com", "googlemail.com": "gmail.com" });
  });

  it("folds a provider's dots and its twin domain into one mailbox, tags dropped (shown on example domains with the same rule)", () => {
    const rule = { "dots.example.com": "dots.example.com", "twin.example.com": "dots.example.com" };
    const spellings = ["jane.doe@dots.example.com", "janedoe@dots.example.com", "j.a.n.e.doe+1@twin.example.com", "janedoe+x@dots.example.com", "jane.d.o.e@twin.example.com"];
    expect(new Set(spellings.map((address) => mailboxOf(address, rule)))).toEqual(new Set(["janedoe@dots.example.com"]));
  });

  it("keeps the dots everywhere else, and drops a tag everywhere", () => {
    expect(mailboxOf("jane.doe+news@example.com")).toBe("jane.doe@example.com");
    expect(mailboxOf("jane.doe@example.com")).not.toBe(mailboxOf("janedoe@example.com"));
    // a domain named like an object's own property is no provider
    expect(mailboxOf("a.b@constructor")).toBe("a.b@constructor");
  });
});
