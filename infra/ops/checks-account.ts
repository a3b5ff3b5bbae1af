import { GetAccountSettingsCommand } from "@aws-sdk/client-lambda";
import { GetSendQuotaCommand } from "@aws-sdk/client-ses";
import { GetAccountCommand } from "@aws-sdk/client-sesv2";
import { SENDER_RESERVED_CONCURRENCY } from "../../functions/domain/sending/timing";
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

/**
 * The sender reserves Lambda concurrency (one pass at a time). AWS keeps part of the account's
 * concurrency unreserved (100, or the whole limit on small accounts: "…decreases account's
 * UnreservedConcurrentExecution below its minimum value of [10]"), so on a new account limited
 * to 10 the deploy fails. https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
 */
const concurrencyCheck: Step = {
  name: "Lambda concurrency",
  needs: {},
  async run({ aws, deployed }) {
    const { AccountLimit: limit } = await call(aws.lambda, new GetAccountSettingsCommand({}));
    const total = limit?.ConcurrentExecutions ?? 0;
    const unreserved = limit?.UnreservedConcurrentExecutions ?? total;
    const room = unreserved - Math.min(100, total);
    // once deployed, the sender's reservation is already out of the unreserved figure
    if (room >= SENDER_RESERVED_CONCURRENCY || (deployed && room >= 0)) {
      return ok(`limit ${total}, ${unreserved} unreserved: room for the sender's reserved ${SENDER_RESERVED_CONCURRENCY}`);
    }
    return fail(
      `the account's Lambda concurrency limit is ${total} (${unreserved} unreserved), and AWS keeps ${Math.min(100, total)} unreserved, so the sender's ` +
        `reserved concurrency of ${SENDER_RESERVED_CONCURRENCY} would be refused ("…below its minimum value"): in Service Quotas, AWS Lambda, ` +
        `ask for a higher "Concurrent executions" (L-B99A9384; free, usually granted within a day), then npm run deploy`,
    );
  },
};

export const accountChecks: Step[] = [sandboxCheck, concurrencyCheck];
