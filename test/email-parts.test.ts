import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkinSchema } from "../functions/domain/checkin/checkin";
import { checkinRow } from "../functions/email/checkin-row";
import { PRESENTATION } from "../functions/email/html";
import { SCALE, SCORE_PATTERN, SCORES } from "../functions/email/pain-scale";
import { recolour } from "../functions/email/brand-parts";
import { dark, light } from "../functions/email/palette";
import { FOOTER_LINK, MUTED_LINK, TEXT } from "../functions/email/styles";
import { templates } from "../functions/email/templates";
import { trendChart } from "../functions/email/trend-chart";
import { defaultOrder } from "../functions/email/week-order";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const links = { checkin: (week: number, score?: number) => `https://example.com/checkin?token=w${week}v${score ?? ""}&x=1` };
const hrefs = (html: string) => [...html.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));

describe("the check-in row", () => {
  it("has a link for each score from 0 to 10, in order and rows of four, each signed for this week and that score", () => {
    const { html } = checkinRow(3, links, false);
    expect(SCORES).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(hrefs(html)).toEqual(SCORES.map((score) => links.checkin(3, score)));
    expect([...html.matchAll(/class="u-score"[^>]*>(\d+)<\/a>/g)].map((m) => Number(m[1]))).toEqual(SCORES);
    const scores = html.match(/<table [^>]*max-width:360px;[^>]*>(.*?)<\/table>/)![1]!;
    const rows = [...scores.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => (m[1]!.match(/<td /g) ?? []).length);
    expect(rows).toEqual([4, 4, 4]); // the last row is padded with empty cells
    expect(html).toContain('class="u-box"');
  });

  it("has one link in the plain text, to the check-in page, and names the scale but no button", () => {
    for (const last of [false, true]) {
      const { text } = checkinRow(2, links, last);
      expect(text.match(/https:\/\/\S+/g)).toEqual([links.checkin(2)]);
      expect(text).toContain(SCALE);
      expect(text).not.toMatch(/button/i);
    }
  });
});

describe("the trend chart", () => {
  it("draws one row per week, the bar lit up to the score, and says so for a week without a check-in", () => {
    const { html, text } = trendChart({ weeks: [{ week: 1, score: 7 }, { week: 2 }, { week: 3, score: 0 }] });
    expect(html.match(/u-bar-on/g)).toHaveLength(7);
    expect(html.match(/u-bar-off/g)).toHaveLength(3 + 10);
    expect(html).toContain("no check-in");
    expect(text).toBe(`Week 1: 7  ███████\nWeek 2: no check-in\nWeek 3: 0  \n(${SCALE})`);
  });
});

describe("the 0–10 scale", () => {
  it("is what the check-in form accepts, written plainly", () => {
    for (const score of SCORES) expect(checkinSchema.parse({ score: String(score), note: "", flags: [] }).score).toBe(score);
    for (const bad of ["", "-1", "11", "01", "1.0", " 5", "ten"]) {
      expect(SCORE_PATTERN.test(bad), bad).toBe(false);
      expect(checkinSchema.safeParse({ score: bad, note: "", flags: [] }).success, bad).toBe(false);
    }
  });
});

describe("the default week order", () => {
  it("is the order of the compiled program weeks", () => {
    expect(defaultOrder).toEqual(templates.program.map((week) => week.id));
  });
});

describe("the emails' styles", () => {
  const sources = async () => {
    const email = (await readdir(path.join(ROOT, "functions/email"))).filter((name) => name.endsWith(".ts")).map((name) => `functions/email/${name}`);
    const files = [...email, "templates/build.ts", "templates/layout.mjml", "templates/system-layout.mjml"];
    return Promise.all(files.map(async (file) => ({ file, source: await readFile(path.join(ROOT, file), "utf8") })));
  };

  /** A style as a source file would spell it: with the palette's names, in TypeScript or in a layout. */
  const spellings = (style: string) => {
    const named = (slot: (key: string) => string) =>
      Object.entries(light).reduce((spelt, [key, colour]) => spelt.replaceAll(colour, slot(key)), style);
    return [style, named((key) => `\${light.${key}}`), named((key) => `{{${key}}}`)];
  };

  it("are written down once: no colour outside the palette, no font, text style or table attributes outside styles.ts and html.ts", async () => {
    const once = [
      "BlinkMacSystemFont", // the font stack
      PRESENTATION,
      ...spellings(FOOTER_LINK),
      ...spellings(MUTED_LINK),
      ...Object.entries(TEXT).flatMap(([tag, style]) => spellings(`<${tag} style="${style}"`)),
    ];
    for (const { file, source } of await sources()) {
      if (!file.endsWith("palette.ts")) expect(source.match(/#[0-9a-f]{3,6}\b/gi), file).toBeNull();
      if (file.endsWith("/styles.ts") || file.endsWith("/html.ts")) continue;
      for (const style of once) expect(source.includes(style), `${file} restates ${style}`).toBe(false);
    }
  });

  it("load nothing from the web: no web font MJML would link for a font it knows", () => {
    for (const { html } of [...templates.program, ...templates.interludes, ...Object.values(templates.system)]) {
      expect(html).not.toMatch(/<link\b|@import|fonts\.googleapis/);
    }
  });
});

describe("a brand's accent", () => {
  it("takes the place of the palette's accent and the bars drawn in it, in both schemes, and of no other colour", () => {
    const swapped = new Set<string>([light.accent, light.bar, dark.accent, dark.bar]);
    const others = [...Object.entries(light), ...Object.entries(dark)].filter(([key]) => key !== "accent" && key !== "bar");
    for (const [key, colour] of others) expect(swapped.has(colour), `${key} ${colour}`).toBe(false);

    const html = `<a style="color:${light.accent.toUpperCase()}">x</a><td bgcolor="${light.bar}"></td><style>a{color:${dark.accent}!important}</style><p style="color:${light.ink}">`;
    const accent = { light: "#7a2e8a", dark: "#b184ba" };
    expect(recolour(html, accent)).toBe(
      `<a style="color:#7a2e8a">x</a><td bgcolor="#7a2e8a"></td><style>a{color:#b184ba!important}</style><p style="color:${light.ink}">`,
    );
    expect(recolour(html, undefined)).toBe(html);
  });
});
