import { describe, expect, it } from "vitest";
import { escapeHtml, fill } from "../functions/email/fill";

describe("fill", () => {
  it("escapes {{values}} in HTML", () => {
    const html = fill(`<a href="{{url}}">{{label}}</a>`, { url: "https://x.test/?a=1&b='2'", label: "<b>Hi</b>" }, "html");
    expect(html).toBe(`<a href="https://x.test/?a=1&amp;b=&#39;2&#39;">&lt;b&gt;Hi&lt;/b&gt;</a>`);
  });

  it("inserts {{{fragments}}} raw", () => {
    expect(fill("<div>{{{notes}}}</div>", { notes: "<p>Rest well</p>" }, "html")).toBe("<div><p>Rest well</p></div>");
  });

  it("empties slots that have no value and ignores values that have no slot", () => {
    expect(fill("a{{missing}}b{{{gone}}}c", { unused: "x" }, "html")).toBe("abc");
    expect(fill("{{constructor}}{{toString}}", {}, "html")).toBe("");
  });

  it("inserts both slot forms as-is in text mode", () => {
    expect(fill("Unsubscribe: {{url}}\n{{{notes}}}", { url: "https://x.test/?a=1&b=2", notes: "<not html>" }, "text")).toBe(
      "Unsubscribe: https://x.test/?a=1&b=2\n<not html>",
    );
  });

  it("never re-expands slots or replacement patterns inside values", () => {
    const values = { a: "{{b}}", b: "secret", c: "{{{b}}} $& $1" };
    expect(fill("{{a}}|{{{c}}}", values, "html")).toBe("{{b}}|{{{b}}} $& $1");
    expect(fill("{{a}}|{{{c}}}", values, "text")).toBe("{{b}}|{{{b}}} $& $1");
  });
});

describe("escapeHtml", () => {
  it("escapes the five HTML-significant characters", () => {
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
  });
});
