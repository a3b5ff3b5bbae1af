import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { hasPlatform, infraSuite, runProgram, type Recorded } from "../support/sst-program";

/** A stage to try things in, with DNS elsewhere (emailDns: manual) and no alarm address. */
const tryStage = {
  sender: "example.com",
  fromAddress: "coach@example.com",
  postalAddress: "Physio Clinic, 4 Mill Lane, Leeds LS1 4AB",
  emailDns: "manual",
  maxSendWorkers: 12,
};

describe.skipIf(!hasPlatform)(infraSuite("a non-production stage with manual DNS"), () => {
  let resources: Recorded[];
  let outputs: Record<string, any>;
  let app: { removal: string; protect: boolean };
  const all = (type: string) => resources.filter((r) => r.type === type);

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "unknot-config-"));
    writeFileSync(join(dir, "unknot.config.json"), JSON.stringify({ try: tryStage }));
    ({ resources, outputs, app } = await runProgram("try", join(dir, "unknot.config.json")));
  }, 120_000);

  it("prints the DKIM and DMARC records to add instead of writing them, and never waits for them", () => {
    expect(outputs.dnsRecords).toEqual([
      "CNAME dkimone._domainkey.example.com dkimone.dkim.amazonses.com",
      "CNAME dkimtwo._domainkey.example.com dkimtwo.dkim.amazonses.com",
      "CNAME dkimthree._domainkey.example.com dkimthree.dkim.amazonses.com",
      "TXT _dmarc.example.com v=DMARC1; p=none;",
    ]);
    expect(all("aws:route53/record:Record")).toEqual([]);
    expect(all("aws:ses/domainIdentityVerification:DomainIdentityVerification")).toEqual([]);
    expect(outputs.nextSteps[0]).toMatch(/Add the dnsRecords/);
    expect(outputs.nextSteps.join("\n")).toMatch(/sandbox/);
  });

  it("runs as many shard workers at once as the stage's maxSendWorkers says", () => {
    const mapping = all("aws:lambda/eventSourceMapping:EventSourceMapping").find((m) => m.name.startsWith("SenderShardsSubscriber"))!;
    expect(mapping.inputs.scalingConfig).toEqual({ maximumConcurrency: 12 });
  });

  it("can be removed: nothing retained or protected, and alarms go to a topic nobody is subscribed to yet", () => {
    expect(app).toMatchObject({ removal: "remove", protect: false });
    const table = all("aws:dynamodb/table:Table")[0]!;
    expect(table.inputs.deletionProtectionEnabled).toBe(false);
    expect(table.retainOnDelete).toBe(false);
    expect(all("aws:sns/topicSubscription:TopicSubscription").filter((s) => s.inputs.protocol === "email")).toEqual([]);
  });
});
