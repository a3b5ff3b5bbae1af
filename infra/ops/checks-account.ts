import { GetAccountSettingsCommand } from "@aws-sdk/client-lambda";
import { GetSendQuotaCommand } from "@aws-sdk/client-ses";
import { GetAccountCommand } from "@aws-sdk/client-sesv2";
import { call, isUnknownCall } from "./aws-calls";
import { fail, ok, type Clients, type Step, type Verdict } from "./check";

/** The account's own limits, before anything is deployed. */

/** SES sandbox accounts get exactly this: 200 emails per 24 hours, 1 per second. */
const SANDBOX = { max24HourSend: 200, maxSendRate: 1 };

const LEAVE_SANDBOX =
  "still in the SES sandbox (200 emails a day, only to verified addresses): in the SES console, Account dashboard, Request production access. " +
  "Until then only addresses verified in SES get mail: to try the flow, verify your own test addresses (SES console, Identities, Create identity, Email address); " +
  "unknot may send to them (its send policy covers this account's identities)";

/** Whether the account may mail anyone yet. */
export async function sandboxVerdict(aws: Clients): Promise<Verdict> {
  try {
    const account = await call(aws.sesv2, new GetAccountCommand({}));
    if (!account.ProductionAccessEnabled) return fail(LEAVE_SANDBOX);
    const quota = account.SendQuota;
    return ok(`out of the sandbox: ${quota?.Max24HourSend} emails per 24 hours, ${quota?.MaxSendRate} per second`);
  } catch (error) {
    // an endpoint without SES v2's GetAccount (an emulator): the sandbox's quota is unmistakable
    if (!isUnknownCall(error)) throw error;
    const quota = await call(aws.ses, new GetSendQuotaCommand({}));
    const sandbox = quota.Max24HourSend === SANDBOX.max24HourSend && quota.MaxSendRate === SANDBOX.maxSendRate;
    return sandbox ? fail(LEAVE_SANDBOX) : ok(`${quota.Max24HourSend} emails per 24 hours, ${quota.MaxSendRate} per second`);
  }
}

const sandboxCheck: Step = { name: "SES sending limits", needs: {}, run: ({ aws }) => sandboxVerdict(aws) };

/** Besides the shard workers, at the morning peak: the planner, the bounce handler and a signup or two. */
const CONCURRENCY_BESIDES_WORKERS = 3;

/**
 * The shard workers take up to `maxSendWorkers` of the account's Lambda concurrency while a
 * pass sends (nothing is reserved: an account limited to 10 takes the deploy), and the signup
 * page, the planner and the bounce handler need room beside them, or AWS throttles them at the
 * morning peak. https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
 */
const concurrencyCheck: Step = {
  name: "Lambda concurrency",
  needs: { settings: true },
  async run({ aws, config }) {
    const { AccountLimit: limit } = await call(aws.lambda, new GetAccountSettingsCommand({}));
    const total = limit?.ConcurrentExecutions ?? 0;
    const needed = config.maxSendWorkers + CONCURRENCY_BESIDES_WORKERS;
    if (total >= needed) return ok(`limit ${total}: room for ${config.maxSendWorkers} shard workers (maxSendWorkers) and the rest beside them`);
    return fail(
      `the account's Lambda concurrency limit is ${total}, and ${config.maxSendWorkers} shard workers (maxSendWorkers) would leave the signup page, ` +
        `the planner and the bounce handler fewer than ${CONCURRENCY_BESIDES_WORKERS} at the morning peak: set maxSendWorkers to at most ` +
        `${Math.max(2, total - CONCURRENCY_BESIDES_WORKERS)} in unknot.config.json, or in Service Quotas, AWS Lambda, ask for a higher ` +
        `"Concurrent executions" (L-B99A9384; free, usually granted within a day), then npm run deploy`,
    );
  },
};

export const accountChecks: Step[] = [sandboxCheck, concurrencyCheck];
