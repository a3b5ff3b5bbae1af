import * as z from "zod/mini";

/** The eight self-check statements. The ids are what the form posts and what is stored. */
export const answers = [
  { id: "rest", label: "The pain persists even when I rest or change position" },
  { id: "morning", label: "The pain is often there in the morning" },
  { id: "chronic", label: "The pain has been going on for a long time (months or more)" },
  { id: "location", label: "Where it hurts seems to move around" },
  { id: "mood", label: "The pain gets worse when my mood is low or I'm stressed" },
  { id: "appetite", label: "I've lost my appetite" },
  { id: "fatigue", label: "I get tired easily for no clear reason" },
  { id: "sleep", label: "I have trouble falling or staying asleep" },
] as const;
export type Answer = (typeof answers)[number]["id"];
export const answerIds = answers.map((a) => a.id) as [Answer, ...Answer[]];

/**
 * The red-flag screen (NICE CKS; Chou et al. 2007), in CONTENT.md's two tiers. `urgent` signs
 * need medical help today; `soon` signs need a doctor's check within days. They never block
 * signup. The ids are stored: add new ones, never rename one without migrating the items.
 * `label` is the signup form's wording; `short` names the sign wherever it is named again (the
 * check-in page, the advice on the pages, the lists in the emails), so every place says the same.
 */
export const flags = [
  { id: "bladder", urgency: "urgent", label: "New problems passing urine, leaking, or controlling your bladder or bowels", short: "New problems with your bladder or bowels" },
  { id: "saddle", urgency: "urgent", label: "Numbness around your genitals, bottom or inner thighs", short: "Numbness around your genitals, bottom or inner thighs (the saddle area)" },
  { id: "weakness", urgency: "urgent", label: "Weakness in your legs that is getting worse, or trouble walking", short: "Legs getting weaker, or unsteady on your feet" },
  { id: "bothLegs", urgency: "urgent", label: "Sciatica in both legs at once (pain, tingling or numbness running down both legs)", short: "Sciatica in both legs at once" },
  { id: "fever", urgency: "urgent", label: "Fever, or feeling very unwell, along with the back pain", short: "A fever, or feeling very unwell, with the back pain" },
  { id: "weight", urgency: "soon", label: "A drop in weight you can't explain", short: "A drop in weight you can't explain" },
  { id: "cancer", urgency: "soon", label: "You have had cancer", short: "Cancer, now or in the past" },
  { id: "injury", urgency: "soon", label: "A recent fall, accident or other significant injury", short: "A recent fall, accident or other significant injury" },
  { id: "night", urgency: "soon", label: "Constant pain that is worse at night or when you rest", short: "Constant pain that is worse at night or at rest" },
  { id: "age", urgency: "soon", label: "This back pain started for the first time when you were under 20 or over 50", short: "Back pain that first started under 20 or over 50" },
  { id: "immune", urgency: "soon", label: "You take steroid tablets long term, or your immune system is weakened", short: "Long-term steroids, or a weakened immune system" },
  { id: "thoracic", urgency: "soon", label: "Pain in your upper back, between your shoulder blades", short: "Pain in your upper back, between the shoulder blades" },
  { id: "osteoporosis", urgency: "soon", label: "You have osteoporosis (thin bones), or have broken a bone in a minor fall", short: "Osteoporosis, or a bone broken in a minor fall" },
  { id: "drugs", urgency: "soon", label: "You inject drugs, or have done recently", short: "Injecting drugs, now or recently" },
] as const;
export type Flag = (typeof flags)[number]["id"];
export const flagIds = flags.map((f) => f.id) as [Flag, ...Flag[]];

export type Urgency = "urgent" | "soon" | "none";

/** How soon someone with these flags should see a doctor: the most urgent one wins. */
export function urgencyOf(ticked: readonly Flag[]): Urgency {
  const { urgent, soon } = tiersOf(ticked);
  return urgent ? "urgent" : soon ? "soon" : "none";
}

/** The ticked signs of one tier, in the screen's order, as the pages and emails name them. */
export function signsOf(ticked: readonly Flag[], urgency: Exclude<Urgency, "none">): string[] {
  return flags.filter((f) => f.urgency === urgency && ticked.includes(f.id)).map((f) => f.short);
}

/** Which tiers the ticked flags reach: someone can have both, and both are shown, urgent first. */
export function tiersOf(ticked: readonly Flag[]): { urgent: boolean; soon: boolean } {
  const levels = flags.filter((f) => ticked.includes(f.id)).map((f) => f.urgency);
  return { urgent: levels.includes("urgent"), soon: levels.includes("soon") };
}

/** Self-check items that can also point to something other than stress (CONTENT.md "Safety"). */
export const overlapsWithRedFlags: readonly Answer[] = ["rest", "appetite", "fatigue"];

/** A ticked box posted twice counts once. */
const distinct = <T>(values: T[]) => [...new Set(values)];

export const answersSchema = z.pipe(
  z.array(z.enum(answerIds, { error: "One of the self-check answers isn't one we know." })),
  z.transform(distinct),
);
export const flagsSchema = z.pipe(
  z.array(z.enum(flagIds, { error: "One of the warning-sign answers isn't one we know." })),
  z.transform(distinct),
);
