import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerIds, flags } from "../functions/domain/subscriber/self-check";
import type { Compiled } from "../functions/email/compiled";
import { footerLinks } from "../functions/email/brand-parts";
import { escapeHtml, fill } from "../functions/email/fill";
import { buildTemplates } from "../templates/build";

const TEMPLATES = fileURLToPath(new URL("../templates", import.meta.url));
const DISCLAIMER = /not medical advice and not a substitute for a clinician\. Stop any exercise that makes your pain sharply worse\./;
const PRACTICE_HEADING = /<h[1-6][^>]*>\s*This week(?:'|&#39;|’)s practice/gi;
const TAG = /<\/?[a-z][^>]*>/i;

const sample = {
  unsubscribeUrl: "https://example.test/u?token=abc&x=1",
  exportUrl: "https://example.test/e?token=abc&x=1",
  deleteUrl: "https://example.test/d?token=abc&x=1",
  actionUrl: "https://example.test/c?token=abc&x=1",
  postalAddress: "1 Example Street, Springfield",
  senderName: "Example Clinic",
};

let compiled: Compiled;
beforeAll(async () => {
  compiled = await buildTemplates();
});

describe("program emails", () => {
  it("come in the default order with subjects of at most 50 characters", () => {
    expect(compiled.program.map((email) => email.id)).toHaveLength(9);
    expect(compiled.program[0]?.id).toBe("cycle");
    for (const email of [...compiled.program, ...Object.values(compiled.system)]) {
      expect([...email.subject].length, email.subject).toBeLessThanOrEqual(50);
    }
  });

  it("carry the preheader slot, one practice, and a footer with the leaving links, address and disclaimer", () => {
    for (const { id, html, text, preheader } of [...compiled.program, ...compiled.held]) {
      // the inbox preview line is filled in at send time: the week's own, or the urgent reminder while it applies
      expect(preheader.length, id).toBeGreaterThan(20);
      expect(html.match(/<div style="display:none;[^"]*">\{\{preheader\}\}<\/div>/g), id).toHaveLength(1);
      expect(html.match(PRACTICE_HEADING), id).toHaveLength(1);
      for (const part of [html, text]) {
        for (const slot of ["{{{masthead}}}", "{{{footerLinks}}}", "{{postalAddress}}", "{{brandName}}", "{{{contact}}}", "{{{redFlags}}}", "{{{redFlagNote}}}", "{{{callToAction}}}"]) {
          expect(part, id).toContain(slot);
        }
        expect(part, id).toMatch(DISCLAIMER);
      }
      // the warning-sign advice comes first, before the lesson; the footer line after everything else
      expect(html.indexOf("{{{redFlags}}}"), id).toBeLessThan(html.indexOf("<p"));
      expect(html.indexOf("{{{redFlagNote}}}"), id).toBeGreaterThan(html.indexOf("{{{trend}}}"));
    }
  });

  it("have plain-text versions without HTML and with the personal slots", () => {
    for (const { id, text } of compiled.program) {
      expect(text, id).not.toMatch(TAG);
      for (const slot of ["{{{notes}}}", "{{{checkin}}}", "{{{nextUp}}}", "{{{trend}}}"]) expect(text, id).toContain(slot);
    }
  });

  it("keep their slots through MJML, so filled links are escaped once and nothing is left over", () => {
    const links = [
      { label: "Unsubscribe", url: sample.unsubscribeUrl },
      { label: "Download my data", url: sample.exportUrl },
      { label: "Delete my data", url: sample.deleteUrl },
    ];
    const footer = footerLinks(links, { name: "Example Clinic" }).html;
    const html = fill(compiled.program[0]?.html ?? "", { ...sample, footerLinks: footer, notes: compiled.notes.sleep?.html ?? "" }, "html");
    expect(html).toContain(`href="https://example.test/u?token=abc&amp;x=1"`);
    expect(html).toContain(`href="https://example.test/e?token=abc&amp;x=1"`);
    expect(html).toContain(`href="https://example.test/d?token=abc&amp;x=1"`);
    expect(html).toContain("You told us you have trouble falling or staying asleep");
    expect(html).not.toContain("{{");
  });
});

describe("fragments", () => {
  it("have a note for every self-check answer, pointing at a program week", () => {
    const ids = compiled.program.map((email) => email.id);
    expect(Object.keys(compiled.notes).sort()).toEqual([...answerIds].sort());
    for (const note of Object.values(compiled.notes)) {
      expect(ids).toContain(note.week);
      expect(note.html).toMatch(/^<table role="presentation"/);
      expect(note.text).not.toMatch(TAG);
    }
  });

  it("have red-flag boxes that send people to a doctor, the urgent ones with the \"checked\" button", () => {
    expect(compiled.redFlags.urgent.text).toMatch(/urgent medical help today/i);
    expect(compiled.redFlags["urgent-reminder"].text).toMatch(/urgent medical help today/i);
    expect(compiled.redFlags.soon.text).toMatch(/see a doctor in the next few days/i);
    for (const kind of ["urgent", "urgent-reminder"] as const) {
      expect(compiled.redFlags[kind].html).toMatch(/^<table role="presentation"[^>]*>.*border:2px solid/s);
      expect(compiled.redFlags[kind].html).toContain('<a href="{{checkedUrl}}" name="checked"');
      expect(compiled.redFlags[kind].text).toContain("I've been checked by a doctor: {{checkedUrl}}");
    }
    // the plain text has a link where the HTML has a button: its words must fit both
    for (const part of [...Object.values(compiled.redFlags), ...compiled.interludes]) expect(part.text).not.toMatch(/button/i);
    for (const kind of ["urgent-final", "soon", "urgent-checked", "soon-reminder", "rest-final", "soon-movement", "checkin-high", "checkin-rise"] as const) {
      expect(compiled.redFlags[kind].html).not.toContain("checkedUrl");
    }
    // "told not to exercise": a calm box, its button to change that answer
    expect(compiled.redFlags.rest.html).toContain('<a href="{{checkedUrl}}" name="checked"');
    expect(compiled.redFlags.rest.text).toContain("Update my answer: {{checkedUrl}}");
    // the urgent reminders are also the inbox preview line, while they apply
    for (const kind of ["urgent", "urgent-reminder", "urgent-final"] as const) expect(compiled.redFlags[kind].preheader).toMatch(/urgent medical help today/i);
  });

  it("list only the signs this person told us about, in a block of their own, in the boxes that name signs", () => {
    for (const kind of ["urgent", "soon", "soon-movement"] as const) {
      const { html, text } = compiled.redFlags[kind];
      expect(html.match(/<div class="slot">\{\{\{signs\}\}\}<\/div>/g), kind).toHaveLength(1);
      expect(text, kind).toMatch(/You told us about:\n\n\{\{\{signs\}\}\}\n\n/);
    }
    for (const [kind, { html }] of Object.entries(compiled.redFlags)) {
      // no box names a sign the person may not have ticked
      for (const sign of [/bladder/, /genitals/, /sciatica/, /fever/, /cancer/, /steroid/, /at night/]) {
        if (!kind.startsWith("checkin-")) expect(html, kind).not.toMatch(sign);
      }
    }
  });

  it("name every warning sign of both tiers in the back plan, where the whole list is the point, and never a phrase spam filters score as a diet advert", () => {
    const signs = [/bladder or bowels/, /genitals/, /legs getting weaker/, /sciatica in both legs/, /fever/, /drop in weight/, /cancer/, /significant injury/, /worse at night/, /under 20 or over 50/, /steroids or a weakened immune system/, /upper back/, /osteoporosis/, /injecting drugs/];
    expect(signs).toHaveLength(flags.length);
    for (const plan of [compiled.program.find((w) => w.id === "keep-going")!, ...compiled.held.filter((w) => w.id === "keep-going")]) {
      for (const sign of signs) expect(plan.text).toMatch(sign);
      expect(plan.text.indexOf("urgent medical help today")).toBeLessThan(plan.text.indexOf("in the next few days"));
    }
    const everything = [...compiled.program, ...compiled.interludes, ...compiled.held, ...Object.values(compiled.notes), ...Object.values(compiled.redFlags)];
    for (const part of everything) expect(part.text).not.toMatch(/weight.?loss|(?:lose|lost|losing).{0,10}weight|endorphin|less blood flow/i);
  });
});

describe("system emails", () => {
  it("have a button and a written-out link to {{actionUrl}}, in HTML and text", () => {
    for (const [name, { html, text, preheader }] of Object.entries(compiled.system)) {
      const filled = fill(html, sample, "html");
      expect(filled.match(/href="https:\/\/example\.test\/c\?token=abc&amp;x=1"/g), name).toHaveLength(2);
      expect(filled, name).toContain(escapeHtml(preheader));
      expect(text, name).toMatch(/^\S.*: \{\{actionUrl\}\}$/m);
      expect(text, name).toContain("{{postalAddress}}");
      expect(text, name).not.toMatch(TAG);
      expect(text, name).not.toMatch(/button/i); // the text part has a link, not a button
    }
  });
});

describe("the build rejects", () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  /** A copy of the real content with one file changed. */
  async function contentWith(file: string, change: (source: string) => string): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), "unknot-templates-"));
    dirs.push(dir);
    for (const sub of ["program", "interludes", "held", "follow-up", "notes", "system"]) await cp(path.join(TEMPLATES, sub), path.join(dir, sub), { recursive: true });
    await writeFile(path.join(dir, file), change(await readFile(path.join(dir, file), "utf8")));
    return dir;
  }

  it("a subject longer than 50 characters, naming the file", async () => {
    const dir = await contentWith("program/01-cycle.md", (s) => s.replace(/^subject: .*$/m, `subject: "${"x".repeat(51)}"`));
    await expect(buildTemplates(dir)).rejects.toThrow(/01-cycle\.md: subject is 51 characters/);
  });

  it("a note pointing at a week that does not exist", async () => {
    const dir = await contentWith("notes/sleep.md", (s) => s.replace(/^week: .*$/m, "week: nowhere"));
    await expect(buildTemplates(dir)).rejects.toThrow(/sleep\.md: week "nowhere" is not a program id/);
  });

  it("slot syntax in the content, but for the program's name", async () => {
    const dir = await contentWith("system/confirm.md", (s) => `${s}\n{{{actionUrl}}}\n`);
    await expect(buildTemplates(dir)).rejects.toThrow(/confirm\.md: contains "\{\{"/);
    const named = await contentWith("program/01-cycle.md", (s) => `${s}\nWelcome to {{brandName}}.\n`);
    await expect(buildTemplates(named)).resolves.toBeDefined();
  });

  it("a word the glossary avoids, saying which term to write", async () => {
    const dir = await contentWith("notes/sleep.md", (s) => `${s} This programme takes one tap.\n`);
    await expect(buildTemplates(dir)).rejects.toThrow(/sleep\.md: uses words the glossary avoids: "programme": write "program".*"one tap": write "check-in"/);
  });

  it("a warning-sign box that doesn't list the person's signs, or lists them inside a sentence", async () => {
    const dir = await contentWith("system/red-flags-soon.md", (s) => s.replace("{{{signs}}}", "these signs"));
    await expect(buildTemplates(dir)).rejects.toThrow(/red-flags-soon\.md: needs "\{\{\{signs\}\}\}" once/);
    const inline = await contentWith("system/red-flags-urgent.md", (s) => s.replace("\n\n{{{signs}}}\n\n", " {{{signs}}} "));
    await expect(buildTemplates(inline)).rejects.toThrow(/red-flags-urgent\.md: "\{\{\{signs\}\}\}" must be a paragraph of its own/);
  });

  it("a check-in answer whose words don't say the threshold the check-in uses", async () => {
    const dir = await contentWith("system/checkin-high.md", (s) => s.replace("8 or more", "7 or more"));
    await expect(buildTemplates(dir)).rejects.toThrow(/checkin-high\.md: must say "8 or more"/);
  });

  it("a held version of a week someone held never gets", async () => {
    const dir = await contentWith("held/09-keep-going.md", (s) => s.replace("id: keep-going", "id: walking"));
    await expect(buildTemplates(dir)).rejects.toThrow(/09-keep-going\.md: id "walking" must be a program week someone whose movement weeks are held gets/);
  });
});
