import { execFile, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { buildMime } from "../functions/adapters/ses-mailer";
import type { Answer, Flag } from "../functions/domain/subscriber/self-check";
import { answerIds } from "../functions/domain/subscriber/self-check";
import { settingsFromEnv } from "../infra/aws/stage-config";
import { previewProgram } from "../templates/previews";

/**
 * SpamAssassin 4 in local mode (`spamassassin -t -L`, no network tests) over the raw MIME of
 * every email of contrasting programs, the system emails included: each scores at most 0.5.
 * Runs when `spamassassin` is installed (Debian: apt-get install -y spamassassin), skips with
 * a message otherwise. One spamassassin process per program reads all its emails as an mbox
 * (it takes seconds to start, so not one process per email), the processes in parallel.
 */
const hasSpamAssassin = spawnSync("spamassassin", ["--version"]).status === 0;
const skipMessage = "spamassassin not found: the spam-score test is skipped. Install it with: apt-get install -y spamassassin";
if (!hasSpamAssassin) process.stderr.write(`\n${skipMessage}\n\n`);

/**
 * Rules that fire only because these messages were never relayed or signed: a real send goes
 * through SES, which adds Received headers and a DKIM signature for the verified domain.
 */
const NOT_RELAYED_OR_SIGNED = [
  "NO_RELAYS",
  "NO_RECEIVED",
  "MISSING_DATE", // SES adds the Date header
  "MISSING_MID", // SES adds the Message-ID
  "DKIM_ADSP_NXDOMAIN",
  "DKIM_SIGNED",
  "DKIM_VALID",
  "DKIM_INVALID",
  "SPF_NONE",
  "SPF_HELO_NONE",
  "WEIRD_PORT", // local links on localhost:3000
];
const MAX_SCORE = 0.5;

/**
 * Two contrasting programs: nothing ticked (the default order, with the confirmation and
 * notice emails); everything ticked with both tiers of warning signs, so every personal note,
 * the urgent advice, its reminders, the on-hold week and the soon reminders are in; the
 * nothing-ticked program checks in 5, 7, 9, so the answers to a worrying check-in are in too.
 */
const programs: { name: string; answers: Answer[]; flags: Flag[]; system: boolean; scores?: number[] }[] = [
  { name: "nothing ticked", answers: [], flags: [], system: true, scores: [5, 7, 9] },
  { name: "everything ticked, urgent and soon signs", answers: [...answerIds], flags: ["bladder", "weight", "age"], system: false },
];

const sender = { name: "unknot", address: "coach@unknot.example" };

/** The emails of one program, system emails only where asked (they are the same for everyone). */
const emailsOf = (program: (typeof programs)[number]) =>
  previewProgram(program.answers, program.flags, settingsFromEnv({}), { scores: program.scores }).previews.filter((p) => program.system || !p.name.startsWith("00-"));

async function mbox(program: (typeof programs)[number]): Promise<string> {
  const messages = await Promise.all(
    emailsOf(program).map(async ({ email }) => {
      const raw = (await buildMime(sender, email)).toString("utf8");
      // mbox: LF lines, a "From " separator, and body lines that start with "From " escaped
      return `From unknot@localhost Thu Jan  1 00:00:00 2026\n${raw.replace(/\r\n/g, "\n").replace(/^From /gm, ">From ")}\n`;
    }),
  );
  return messages.join("\n");
}

function spamassassin(input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile("spamassassin", ["-t", "-L", "--mbox"], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
    child.stdin!.end(input);
  });
}

/** Each message's subject and the rules that fired, with their points, from SpamAssassin's report. */
function reports(output: string) {
  return output
    .split(/^From unknot@localhost .*$/m)
    .filter((chunk) => chunk.trim())
    .map((chunk) => {
      const subject = chunk.match(/^Subject: (.*)$/m)?.[1] ?? "?";
      const table = chunk.slice(chunk.indexOf(" pts rule name"));
      const rules = [...table.matchAll(/^\s*(-?\d+\.\d+)\s+([A-Z0-9_]+)\s/gm)].map((m) => ({ rule: m[2]!, points: Number(m[1]) }));
      return { subject, rules };
    });
}

describe.skipIf(!hasSpamAssassin)("SpamAssassin, local mode", () => {
  it("scores every email of two contrasting programs, and the system emails, at most 0.5", { timeout: 240_000 }, async () => {
    const results = await Promise.all(
      programs.map(async (program) => ({ program, outputs: reports(await spamassassin(await mbox(program))) })),
    );
    for (const { program, outputs } of results) {
      const subjects = emailsOf(program).map((p) => p.email.subject);
      expect(outputs.map((o) => o.subject).sort(), program.name).toEqual(subjects.sort());
      for (const { subject, rules } of outputs) {
        expect(rules.length, `SpamAssassin's report for "${subject}"`).toBeGreaterThan(0); // HTML_MESSAGE at least
        const counted = rules.filter((r) => !NOT_RELAYED_OR_SIGNED.includes(r.rule));
        const score = counted.reduce((sum, r) => sum + r.points, 0);
        const detail = counted.map((r) => `${r.rule} ${r.points}`).join(", ");
        expect(score, `${program.name}: "${subject}" scored ${score.toFixed(1)} (${detail})`).toBeLessThanOrEqual(MAX_SCORE);
      }
    }
  });
});

if (!hasSpamAssassin) it.skip(skipMessage, () => {});
