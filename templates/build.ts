/**
 * Compiles the email content (Markdown + front matter) into the MJML layouts once, at build time.
 * The result still has the send-time `{{slots}}`; sending only fills them (functions/email/fill).
 * Every Markdown source is checked against the glossary (`glossary.ts`) before anything is built.
 * Run as a script (`npx tsx templates/build.ts`) it writes templates/dist/program.json (what the
 * sender needs) and templates/dist/system.json (what the API needs), so each Lambda bundles only its
 * own, and templates/dist/order.json (the default order of the weeks, which both need).
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import matter from "gray-matter";
import { compile, type FormatCallback } from "html-to-text";
import { Marked } from "marked";
import mjml2html from "mjml";
import { ALERT_RISE, ALERT_SCORE } from "../functions/domain/checkin/safety";
import { asksToMove } from "../functions/domain/program/order";
import { answerIds } from "../functions/domain/subscriber/self-check";
import type { Compiled, Part } from "../functions/email/compiled";
import { redFlagFile, redFlagKinds, type RedFlagKind } from "../functions/email/red-flag-kinds";
import { escapeHtml } from "../functions/email/fill";
import { box } from "../functions/email/html";
import { darkEmailCss, light } from "../functions/email/palette";
import { BRAND_NAME_SLOT, DEFAULT_BRAND_NAME } from "../functions/email/brand-parts";
import { BOXES, FONT, TEXT, type BoxLook } from "../functions/email/styles";
import { glossaryProblems } from "./glossary";

const TEMPLATES_DIR = path.dirname(fileURLToPath(import.meta.url));
const MAX_SUBJECT = 50;
const BODY_WORDS = { min: 180, max: 480 };
/** The follow-up asks questions and teaches nothing new: short, no practice. */
const FOLLOW_UP_WORDS = { min: 60, max: 200 };
const PRACTICE_HEADING = /^this week['’]s practice/i;
const MAX_PREHEADER = 110;
/** The answer to the urgent advice (or to "told not to exercise"); the link is filled in per subscriber. */
const checkedButton = (label: string) =>
  `<p style="${TEXT.p}"><a href="{{checkedUrl}}" name="checked" class="u-button" style="display:inline-block;padding:12px 20px;border-radius:6px;background-color:${light.accent};color:${light.onAccent};font-size:16px;font-weight:700;line-height:20px;text-decoration:none;">${escapeHtml(label)}</a></p>`;
/** Where a fragment lists the signs this person told us about: a paragraph of its own in the Markdown. */
const SIGNS_SLOT = "{{{signs}}}";
/**
 * How each safety fragment looks: a box (with the button, or not), or a plain line for the
 * footer; and whether it names the signs (`signs`: it must have the slot, and only those may).
 */
const RED_FLAG_LOOK: Record<RedFlagKind, { box?: BoxLook; button?: string; signs?: true; mentions?: string }> = {
  urgent: { box: BOXES.urgent, button: "I've been checked by a doctor", signs: true },
  "urgent-reminder": { box: BOXES.urgent, button: "I've been checked by a doctor" },
  "urgent-final": { box: BOXES.urgent }, // the last email: nothing is left to bring back
  "urgent-checked": {},
  rest: { box: BOXES.note, button: "Update my answer" },
  "rest-final": { box: BOXES.note },
  soon: { box: BOXES.soon, signs: true },
  "soon-reminder": {},
  "soon-movement": { box: BOXES.soon, signs: true },
  // the thresholds are the domain's (checkin/safety.ts): the words must say the same numbers
  "checkin-high": { box: BOXES.soon, mentions: `${ALERT_SCORE} or more` },
  "checkin-rise": { box: BOXES.soon, mentions: `${ALERT_RISE} points or more` },
};

const markdown = new Marked({
  hooks: {
    postprocess: (html: string) =>
      html.replace(/<(h[1-3]|p|ul|ol|li|a|blockquote)(?=[\s>])/g, (open, tag: string) => `${open} style="${TEXT[tag as keyof typeof TEXT]}"`),
  },
});
const toHtml = (body: string) => markdown.parse(body, { async: false });

/** "Label: url" on a line of its own, for the buttons in plain text. */
const labelledLink: FormatCallback = (elem, walk, builder) => {
  builder.openBlock({ leadingLineBreaks: 1 });
  walk(elem.children, builder);
  builder.closeBlock({ trailingLineBreaks: 1, blockTransform: (label) => `${label.trim()}: ${elem.attribs?.href ?? ""}` });
};
const toText = compile({
  wordwrap: false, // phones reflow unwrapped text better than hard-wrapped lines
  formatters: { labelledLink },
  selectors: [
    { selector: "div[style*='display:none']", format: "skip" }, // the preheader
    { selector: ".fallback", format: "skip" }, // the button's link written out; the text has it once
    { selector: "a[name='action']", format: "labelledLink" }, // the button
    { selector: "a[name='checked']", format: "labelledLink" }, // "I've been checked" in a red-flag box
    { selector: ".slot", format: "block", options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } },
    ...["h1", "h2", "h3"].map((selector) => ({ selector, options: { uppercase: false, leadingLineBreaks: 2 } })),
  ],
});

type Source = { file: string; data: Record<string, unknown>; body: string };
type Layout = { file: string; mjml: string };

function fail(file: string, problem: string): never {
  throw new Error(`${file}: ${problem}`);
}

/** A Markdown source: no slots (they belong in the layouts) but those `slots` allows, and no word the glossary avoids. */
async function readSource(file: string, slots: readonly string[] = []): Promise<Source> {
  const name = path.relative(process.cwd(), file);
  const raw = await readFile(file, "utf8");
  // beside those, the one slot all content may hold: the name the operator gives the program (brand.name)
  const allowed = [BRAND_NAME_SLOT, ...slots];
  if (allowed.reduce((rest, slot) => rest.replaceAll(slot, ""), raw).includes("{{")) {
    fail(name, `contains "{{" — slots belong in the layouts, not in the content (here only ${allowed.join(", ")})`);
  }
  const { data, content } = matter(raw);
  // what a reader sees: the body and the words in the front matter (not the ids)
  const words = [content, ...["subject", "preheader", "teaser", "action"].map((key) => data[key]).filter((v) => typeof v === "string")];
  const problems = glossaryProblems(words.join("\n"));
  if (problems.length) fail(name, `uses words the glossary avoids: ${problems.join("; ")}`);
  const body = content.trim();
  if (!body) fail(name, "the Markdown body is empty");
  return { file: name, data, body };
}

async function readAll(dir: string): Promise<Source[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".md")).sort();
  if (names.length === 0) fail(dir, "no Markdown files");
  return Promise.all(names.map((name) => readSource(path.join(dir, name))));
}

function fields<K extends string>(src: Source, keys: readonly K[]): Record<K, string> {
  const entries = keys.map((key) => {
    const value = src.data[key];
    if (typeof value !== "string" || !value.trim()) fail(src.file, `front matter "${key}" is missing or empty`);
    return [key, value.trim()];
  });
  return Object.fromEntries(entries) as Record<K, string>;
}

function checkSubject(src: Source, subject: string): void {
  const length = [...subject.replaceAll(BRAND_NAME_SLOT, DEFAULT_BRAND_NAME)].length;
  if (length > MAX_SUBJECT) fail(src.file, `subject is ${length} characters (at most ${MAX_SUBJECT})`);
}

function indexBy<T extends { file: string }>(items: T[], key: (item: T) => string, what: string): Map<string, T> {
  const index = new Map<string, T>();
  for (const item of items) {
    const seen = index.get(key(item));
    if (seen) fail(item.file, `duplicate ${what} "${key(item)}" (also in ${seen.file})`);
    index.set(key(item), item);
  }
  return index;
}

function readProgram(src: Source) {
  const meta = fields(src, ["id", "theme", "subject", "preheader", "teaser"]);
  checkSubject(src, meta.subject);
  const words = src.body.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  if (words < BODY_WORDS.min || words > BODY_WORDS.max) {
    fail(src.file, `body has ${words} words (allowed ${BODY_WORDS.min}–${BODY_WORDS.max})`);
  }
  const practice = markdown.lexer(src.body).filter((t) => t.type === "heading" && PRACTICE_HEADING.test(t.text));
  if (practice.length !== 1) fail(src.file, `needs exactly one "This week's practice" heading, has ${practice.length}`);
  return { file: src.file, meta, body: src.body };
}

function readNote(src: Source, programIds: ReadonlySet<string>) {
  const { answer, week } = fields(src, ["answer", "week"]);
  if (!answerIds.some((id) => id === answer)) fail(src.file, `answer "${answer}" is not one of ${answerIds.join(", ")}`);
  if (!programIds.has(week)) fail(src.file, `week "${week}" is not a program id`);
  return { file: src.file, answer, week, body: src.body };
}

async function readFollowUp(srcDir: string) {
  const src = await readSource(path.join(srcDir, "follow-up", "follow-up.md"));
  const meta = fields(src, ["subject", "preheader"]);
  checkSubject(src, meta.subject);
  const words = src.body.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  if (words < FOLLOW_UP_WORDS.min || words > FOLLOW_UP_WORDS.max) {
    fail(src.file, `body has ${words} words (allowed ${FOLLOW_UP_WORDS.min}–${FOLLOW_UP_WORDS.max})`);
  }
  return { ...meta, body: src.body };
}

async function readSystem(srcDir: string, name: string) {
  const src = await readSource(path.join(srcDir, "system", name));
  const meta = fields(src, ["subject", "preheader", "action"]);
  checkSubject(src, meta.subject);
  return { ...meta, body: src.body };
}

async function readRedFlag(srcDir: string, kind: RedFlagKind): Promise<[RedFlagKind, Compiled["redFlags"][RedFlagKind]]> {
  const look = RED_FLAG_LOOK[kind];
  const src = await readSource(path.join(srcDir, "system", redFlagFile(kind)), look.signs ? [SIGNS_SLOT] : []);
  if (fields(src, ["kind"]).kind !== kind) fail(src.file, `front matter "kind" must be "${kind}"`);
  const preheader = typeof src.data.preheader === "string" ? src.data.preheader.trim() : undefined;
  if (preheader !== undefined && [...preheader].length > MAX_PREHEADER) fail(src.file, `preheader is longer than ${MAX_PREHEADER} characters`);
  if (look.signs && src.body.split(SIGNS_SLOT).length !== 2) fail(src.file, `needs "${SIGNS_SLOT}" once, on a line of its own: the signs this person told us about`);
  if (look.mentions && !src.body.includes(look.mentions)) fail(src.file, `must say "${look.mentions}", the threshold the check-in uses`);
  // the list of signs is a block of its own, not text inside a paragraph
  const html = toHtml(src.body).replace(/<p[^>]*>\{\{\{signs\}\}\}<\/p>/, `<div class="slot">${SIGNS_SLOT}</div>`);
  if (look.signs && !html.includes(`<div class="slot">${SIGNS_SLOT}</div>`)) fail(src.file, `"${SIGNS_SLOT}" must be a paragraph of its own`);
  const part = look.box ? fragment(html, look.box, look.button ? checkedButton(look.button) : "") : { html, text: toText(html) };
  return [kind, preheader ? { ...part, preheader } : part];
}

/** A fragment for a raw slot: a softly styled box, around Markdown made HTML, that carries all its styles inline. */
function fragment(bodyHtml: string, look: BoxLook, after = ""): Part {
  const html = bodyHtml + after;
  return {
    html: box(look, html, { margin: "0 0 16px", padding: "16px 18px 0", text: "font-size:16px;line-height:1.6;" }),
    text: toText(html),
  };
}

async function readLayout(name: string): Promise<Layout> {
  const file = path.join(TEMPLATES_DIR, name);
  return { file: path.relative(process.cwd(), file), mjml: await readFile(file, "utf8") };
}

const SLOT = /\{\{(\{?)(\w+)\}?\}\}/g;
/** The distinct slots in a template (MJML may repeat one: the title also labels the message for screen readers). */
const slotsIn = (source: string) => [...new Set(source.match(SLOT) ?? [])].sort().join(" ");

/** Fills the build-time slots (subject, preheader, body, action), keeps the send-time ones. */
function bake(mjml: string, values: Record<string, string>): string {
  return mjml.replace(SLOT, (slot, raw: string, name: string) => {
    const value = values[name];
    if (value === undefined) return slot;
    return raw ? value : escapeHtml(value);
  });
}

async function render(layout: Layout, values: Record<string, string>): Promise<Part> {
  const source = bake(layout.mjml, { ...light, font: FONT, darkCss: darkEmailCss, ...values });
  const { html } = await mjml2html(source, { validationLevel: "strict", keepComments: false, filePath: layout.file });
  if (slotsIn(html) !== slotsIn(source)) fail(layout.file, "MJML did not keep every {{slot}} verbatim");
  return { html, text: toText(html) };
}

/** Validates everything first, then renders. `srcDir` holds program/, interludes/, follow-up/, notes/ and system/. */
export async function buildTemplates(srcDir = TEMPLATES_DIR): Promise<Compiled> {
  const program = indexBy((await readAll(path.join(srcDir, "program"))).map(readProgram), (p) => p.meta.id, "id");
  const interludes = (await readAll(path.join(srcDir, "interludes"))).map(readProgram);
  indexBy([...program.values(), ...interludes], (p) => p.meta.id, "id");
  // a week's version for someone whose movement weeks are held: it stands in for a week they do get
  const held = (await readAll(path.join(srcDir, "held"))).map(readProgram);
  indexBy(held, (p) => p.meta.id, "held id");
  for (const { file, meta } of held) {
    if (!program.has(meta.id) || asksToMove(meta.id)) fail(file, `id "${meta.id}" must be a program week someone whose movement weeks are held gets`);
  }
  const programIds = new Set(program.keys());
  const notes = (await readAll(path.join(srcDir, "notes"))).map((src) => readNote(src, programIds));
  indexBy(notes, (note) => note.answer, "answer");
  const confirm = await readSystem(srcDir, "confirm.md");
  const alreadySubscribed = await readSystem(srcDir, "already-subscribed.md");
  const dataLink = await readSystem(srcDir, "data-link.md");
  const followUp = await readFollowUp(srcDir);
  const redFlags = Object.fromEntries(await Promise.all(redFlagKinds.map((kind) => readRedFlag(srcDir, kind)))) as Compiled["redFlags"];
  const [layout, systemLayout] = await Promise.all([readLayout("layout.mjml"), readLayout("system-layout.mjml")]);

  // the preheader stays a slot: while an urgent reminder applies, it is the inbox preview line instead
  const programEmail = async ({ meta, body }: ReturnType<typeof readProgram>) => ({
    ...meta,
    ...(await render(layout, { subject: meta.subject, body: toHtml(body) })),
  });
  const systemEmail = async ({ body, ...meta }: Awaited<ReturnType<typeof readSystem>>) => ({
    subject: meta.subject,
    preheader: meta.preheader,
    ...(await render(systemLayout, { ...meta, body: toHtml(body) })),
  });
  return {
    program: await Promise.all([...program.values()].map(programEmail)),
    interludes: await Promise.all(interludes.map(programEmail)),
    held: await Promise.all(held.map(programEmail)),
    followUp: {
      subject: followUp.subject,
      preheader: followUp.preheader,
      ...(await render(layout, { subject: followUp.subject, preheader: followUp.preheader, body: toHtml(followUp.body) })),
    },
    notes: Object.fromEntries(notes.map(({ answer, week, body }) => [answer, { week, ...fragment(toHtml(body), BOXES.note) }])),
    system: {
      confirm: await systemEmail(confirm),
      alreadySubscribed: await systemEmail(alreadySubscribed),
      dataLink: await systemEmail(dataLink),
    },
    redFlags,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const compiled = await buildTemplates();
    const dist = path.join(TEMPLATES_DIR, "dist");
    await mkdir(dist, { recursive: true });
    const { program, interludes, held, followUp, notes, redFlags, system } = compiled;
    const order = program.map((week) => week.id);
    await writeFile(path.join(dist, "program.json"), `${JSON.stringify({ program, interludes, held, followUp, notes, redFlags }, null, 2)}\n`);
    await writeFile(path.join(dist, "system.json"), `${JSON.stringify({ system }, null, 2)}\n`);
    await writeFile(path.join(dist, "order.json"), `${JSON.stringify(order, null, 2)}\n`);
    const noteCount = Object.keys(notes).length;
    console.log(`Built ${program.length} program emails, ${interludes.length} interlude, ${held.length} held version, the follow-up, ${noteCount} notes, ${Object.keys(system).length} system emails, ${redFlagKinds.length} safety parts → ${path.relative(process.cwd(), dist)}/`);
  } catch (error) {
    console.error(`Template build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
