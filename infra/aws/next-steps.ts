import type { OperatorConfig } from "./operator-config";
import type { IdentityPlan } from "./ses-plan";

interface DnsRecord {
  type: string;
  name: $util.Input<string>;
  value: $util.Input<string>;
}

/** What the deploy prints after the signup URL: what the operator still has to do, in order. */
export function nextSteps(config: OperatorConfig, records: DnsRecord[], identity: IdentityPlan = "create") {
  const manual = config.emailDns === "manual" && records.length > 0;
  return {
    ...(manual && {
      dnsRecords: $resolve(records.map((r) => $resolve([r.type, r.name, r.value]))).apply((rows) =>
        rows.map(([type, name, value]) => `${type} ${name} ${value}`),
      ),
    }),
    nextSteps: [
      ...(manual ? ["Add the dnsRecords above at your DNS provider; SES verifies the domain once they resolve."] : []),
      ...(identity === "use"
        ? [`This stage sends as the SES identity ${config.sender}, which it didn't create: its DKIM, MAIL FROM and DNS stay with whoever made it (npm run doctor says whether it is verified).`]
        : []),
      ...(config.alarmEmail ? [`Confirm the alarm subscription AWS emailed to ${config.alarmEmail}.`] : []),
      `Check the account: npx sst shell --stage ${$app.stage} -- npm run doctor (sender verified, DKIM, SES sandbox, table, secret).`,
      "A new SES account is in the sandbox (200 emails a day, verified recipients only): request production access before inviting anyone.",
    ],
  };
}
