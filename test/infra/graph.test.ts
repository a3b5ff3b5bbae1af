import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { sesPlanToEnv, type IdentityPlan } from "../../infra/aws/ses-plan";
import { LOCAL_STAGE } from "../../infra/aws/stage-config";
import { customMetrics, references, type Reference } from "../support/resource-graph";
import { hasPlatform, infraSuite, runProgram } from "../support/sst-program";

/**
 * The shipped unknot.config.json, every stage of it, as an operator has it after step 2 of the
 * README (the placeholder domain and the demo postal address replaced), deployed both ways a
 * shared sender can go: this stage creates the SES identity, or another stage already did and
 * this one uses it (infra/aws/ses-plan.ts).
 */
const shipped = JSON.parse(readFileSync("unknot.config.json", "utf8")) as Record<string, Record<string, unknown>>;
// every stage a deploy can take: `local` is what npm start runs with, never deployed
const stages = Object.keys(shipped).filter((key) => !key.startsWith("//") && key !== LOCAL_STAGE);
const filledIn = JSON.parse(
  JSON.stringify(shipped)
    .replaceAll("your-clinic.example", "clinic.example.org")
    .replaceAll("unknot demo, 1 Example Street, Example Town", "Physio Clinic, 4 Mill Lane, Leeds LS1 4AB"),
);
const dir = mkdtempSync(join(tmpdir(), "unknot-graph-"));
const configFile = join(dir, "unknot.config.json");
writeFileSync(configFile, JSON.stringify(filledIn));

const describeReference = (r: Reference) => `${r.from} ${r.path} → ${r.value}`;

describe.skipIf(!hasPlatform)(infraSuite("every reference between the resources of every stage in unknot.config.json"), () => {
  it("ships a production and a try stage, and the local one npm start reads", () => {
    expect(stages.sort()).toEqual(["production", "try"]);
    expect(Object.keys(shipped)).toContain(LOCAL_STAGE);
  });

  for (const stage of stages) {
    for (const identity of ["create", "use"] satisfies IdentityPlan[]) {
      it(`${stage}, identity ${identity === "create" ? "created by this stage" : "made by another and used as it is"}: every name and ARN one resource uses for another is one the program declares`, async () => {
        // each run imports sst.config.ts and infra/aws afresh (a module runs its declarations once)
        vi.resetModules();
        const { resources, links } = await runProgram(stage, configFile, undefined, sesPlanToEnv({ identity, configurationSet: "create" }));
        const { checked, unknownTypes } = references(resources, links);
        expect(unknownTypes, "resource types the graph test doesn't know: add their reference fields to REFERENCES").toEqual([]);
        expect(checked.filter((r) => !r.to).map(describeReference)).toEqual([]);
        // and it looked: the references every deploy has, whatever else is added
        const kinds = new Set(checked.map((r) => `${r.from.startsWith("link ") ? r.from : r.from.split(" ")[0]} ${r.path}`));
        for (const expected of [
          "LogMetricFilter logGroupName",
          "Function loggingConfig.logGroup",
          "Function role",
          "MetricAlarm dimensions.FunctionName",
          "MetricAlarm dimensions.QueueName",
          "MetricAlarm alarmActions[0]",
          "ConfigurationSetEventDestination configurationSetName",
          "ConfigurationSetEventDestination eventDestination.snsDestination.topicArn",
          "TopicSubscription topic",
          "Schedule target.arn",
          "Schedule target.roleArn",
          "link Api Email.configSet",
          "link Api Subscribers.name",
        ]) {
          expect(kinds, expected).toContain(expected);
        }
        // a value the mocks couldn't resolve is dropped without a word: every role's policies are there to check
        for (const role of resources.filter((r) => r.type === "aws:iam/role:Role")) {
          expect(role.inputs.inlinePolicies?.map((p: { policy?: unknown }) => typeof p.policy), role.name).not.toContain("undefined");
        }
        // a metric of this app's own namespace exists only if one of its log filters makes it
        expect(customMetrics(resources).filter((m) => !m.producedBy)).toEqual([]);
        // production and try alike: no function role lets the account root assume it
        for (const role of resources.filter((r) => r.type === "aws:iam/role:Role" && r.name !== "SenderRole")) {
          const policy = role.inputs.assumeRolePolicy;
          const trust = typeof policy === "string" ? JSON.parse(policy) : policy;
          expect(JSON.stringify(trust), role.name).not.toMatch(/:root|"AWS"/);
          expect(trust.Statement).toEqual([expect.objectContaining({ Principal: { Service: "lambda.amazonaws.com" } })]);
        }
      }, 120_000);
    }
  }
});
