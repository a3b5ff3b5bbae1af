/**
 * How a stage treats the SES identity and its configuration set when one of that name may already
 * exist in the account and region (names there are shared by every stage and by anything else
 * the clinic runs). `npm run deploy` reads SES before anything is changed
 * (infra/ops/ses-ownership.ts), says what it decided and why, and hands the decision to the
 * program in `UNKNOT_SES_PLAN`:
 *
 * - `create`: none exists; this stage makes it.
 * - `adopt`: it exists and carries this stage's own tags (`sst:app` unknot, `sst:stage` this
 *   stage): made by an earlier deploy of this stage whose state is gone (an `sst remove` keeps the
 *   identity, and production keeps everything). This stage takes it back (Pulumi's import) and
 *   manages it again.
 * - `use` (identity only): it exists and is another stage's or not unknot's at all (a clinic that
 *   already sends with SES). This stage reads it and sends as it, and never changes or deletes it:
 *   no DKIM or MAIL FROM change, no DNS records; those stay with whoever made it.
 *
 * A configuration set of this stage's name that isn't this stage's is refused (npm run deploy
 * stops, saying so): unknot would have to take over another's event destinations.
 *
 * Without the variable (`sst deploy` or `sst dev` run by hand) both are `create`: a name that
 * already exists then fails the deploy with SES's AlreadyExists.
 */
export type IdentityPlan = "create" | "adopt" | "use";
export type ConfigurationSetPlan = "create" | "adopt";

export interface SesPlan {
  identity: IdentityPlan;
  configurationSet: ConfigurationSetPlan;
}

const SES_PLAN_VARIABLE = "UNKNOT_SES_PLAN";

/** Every stage's configuration set is named after it: one per stage, in every account. */
export const configurationSetNameFor = (stage: string) => `unknot-${stage}`;

export function sesPlanFromEnv(env: NodeJS.ProcessEnv = process.env): SesPlan {
  const fallback: SesPlan = { identity: "create", configurationSet: "create" };
  const raw = env[SES_PLAN_VARIABLE];
  if (!raw) return fallback;
  const plan = JSON.parse(raw) as Partial<SesPlan>;
  const identity = (["create", "adopt", "use"] as const).find((p) => p === plan.identity);
  const configurationSet = (["create", "adopt"] as const).find((p) => p === plan.configurationSet);
  if (!identity || !configurationSet) throw new Error(`${SES_PLAN_VARIABLE} is not a plan npm run deploy writes: ${raw}`);
  return { identity, configurationSet };
}

export const sesPlanToEnv = (plan: SesPlan) => ({ [SES_PLAN_VARIABLE]: JSON.stringify(plan) });
