import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import {
  CreateConfigurationSetCommand,
  CreateConfigurationSetEventDestinationCommand,
  SESClient,
  VerifyDomainDkimCommand,
  VerifyDomainIdentityCommand,
} from "@aws-sdk/client-ses";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTableInput } from "../infra/dev/dynamo";
import { freePort } from "./support/stack";

/**
 * `npm run doctor` against moto (Python's AWS emulator, `moto_server`), the way an operator runs
 * it under `sst shell` after a deploy. moto lacks SES v2 GetAccount, so the doctor falls back to
 * the send quota, which moto reports as a sandbox's (200 a day, 1 a second). Leaving the sandbox
 * is the one thing moto can't do: a small front answers GetAccount as an account with production
 * access once the test says so, and passes everything else to moto.
 */
const hasMoto = !spawnSync("moto_server", ["--help"]).error;
const run = promisify(execFile);

const SENDER = "example.com";
const TABLE = "unknot-production-Subscribers";
const CONFIG_SET = "unknot-production";
const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };

let moto: ChildProcess;
let front: Server;
let motoUrl: string;
let frontUrl: string;
let productionAccess = false;
let configFile: string;

async function untilAnswering(url: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const up = await fetch(url).then(
      () => true,
      () => false,
    );
    if (up) return;
    await new Promise((wait) => setTimeout(wait, 100));
  }
  throw new Error(`moto_server didn't start at ${url}`);
}

function startFront(target: URL): Promise<Server> {
  const server = createServer((req, res) => {
    if (productionAccess && req.method === "GET" && req.url === "/v2/email/account") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ProductionAccessEnabled: true, SendingEnabled: true, SendQuota: { Max24HourSend: 50000, MaxSendRate: 14, SentLast24Hours: 0 } }));
      return;
    }
    const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  return new Promise((listening) => server.listen(0, "127.0.0.1", () => listening(server)));
}

async function doctor({ deployed = true, linkKey = "" } = {}) {
  const shell = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("SST_RESOURCE_")));
  const env = {
    ...shell,
    UNKNOT_CONFIG: configFile,
    AWS_ENDPOINT_URL: frontUrl,
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    // what `sst shell --stage production` puts in the environment
    ...(deployed && {
      SST_RESOURCE_App: JSON.stringify({ name: "unknot", stage: "production" }),
      SST_RESOURCE_Subscribers: JSON.stringify({ name: TABLE }),
      SST_RESOURCE_Email: JSON.stringify({ sender: SENDER, configSet: CONFIG_SET }),
      SST_RESOURCE_TokenKey: JSON.stringify({ value: "a-long-enough-id-deriving-key-0123" }),
      SST_RESOURCE_LinkKey: JSON.stringify({ value: linkKey }),
      SST_RESOURCE_LinkKeyPrevious: JSON.stringify({ value: "none" }),
    }),
  };
  return run(process.execPath, ["--import", "tsx", "infra/ops/doctor.ts"], { env }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
}

/** One check's line, as its mark and what it says: "✘ …". */
const line = (stdout: string, name: string) => (stdout.split("\n").find((l) => l.includes(` ${name}: `)) ?? "").replace(` ${name}:`, "");

describe.skipIf(!hasMoto)(hasMoto ? "npm run doctor against moto" : "npm run doctor against moto (skipped: moto_server is not installed; pip install 'moto[server]')", () => {
  beforeAll(async () => {
    const port = await freePort();
    moto = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
    motoUrl = `http://127.0.0.1:${port}`;
    await untilAnswering(motoUrl);
    front = await startFront(new URL(motoUrl));
    frontUrl = `http://127.0.0.1:${(front.address() as { port: number }).port}`;
    const dir = mkdtempSync(join(tmpdir(), "unknot-doctor-"));
    configFile = join(dir, "unknot.config.json");
    const production = {
      sender: SENDER,
      fromAddress: `coach@${SENDER}`,
      postalAddress: "Physio Clinic, 4 Mill Lane, Leeds",
      alarmEmail: `ops@${SENDER}`,
      brand: { privacyUrl: `https://${SENDER}/privacy` },
    };
    writeFileSync(configFile, JSON.stringify({ production }));
  }, 60_000);
  afterAll(() => {
    moto?.kill();
    front?.close();
  });

  it("names an unverified sender, the sandbox and a missing table, each with its fix", async () => {
    const { code, stdout } = await doctor();
    expect(code).toBe(1);
    expect(line(stdout, "AWS credentials and region")).toMatch(/^✔ .*region eu-west-1/);
    expect(line(stdout, "Sender identity")).toMatch(/^✘ SES in eu-west-1 has no identity example\.com: npm run deploy creates it/);
    expect(line(stdout, "DKIM")).toMatch(/^✘ .*_domainkey\.example\.com/);
    expect(line(stdout, "SES sending limits")).toMatch(/^✘ still in the SES sandbox .*Request production access/);
    expect(line(stdout, "SES configuration set")).toMatch(/^✘ unknot-production is missing/);
    expect(line(stdout, "Subscribers table")).toMatch(/^✘ unknot-production-Subscribers is missing/);
    expect(line(stdout, "TokenKey secret")).toMatch(/^✔/);
    expect(line(stdout, "LinkKey secret")).toMatch(/^✘ not set: npx sst secret set LinkKey .* --stage production/);
  });

  it("before a deploy, checks the account and says how to check the rest afterwards", async () => {
    const { stdout } = await doctor({ deployed: false });
    expect(line(stdout, "Sender identity")).toMatch(/^✘/);
    expect(line(stdout, "Subscribers table")).toBe("– not checked: after npm run deploy, run npx sst shell --stage production -- npm run doctor");
    expect(line(stdout, "TokenKey secret")).toMatch(/^– not checked/);
  });

  it("is all green once the identity is verified, the account has left the sandbox and the stack exists", async () => {
    const aws = { region: "eu-west-1", endpoint: motoUrl, credentials };
    const ses = new SESClient(aws);
    await ses.send(new VerifyDomainIdentityCommand({ Domain: SENDER }));
    await ses.send(new VerifyDomainDkimCommand({ Domain: SENDER }));
    await ses.send(new CreateConfigurationSetCommand({ ConfigurationSet: { Name: CONFIG_SET } }));
    await ses.send(
      new CreateConfigurationSetEventDestinationCommand({
        ConfigurationSetName: CONFIG_SET,
        EventDestination: {
          Name: "BounceComplaint",
          Enabled: true,
          MatchingEventTypes: ["bounce", "complaint"],
          SNSDestination: { TopicARN: "arn:aws:sns:eu-west-1:123456789012:unknot-production-EmailEvents" },
        },
      }),
    );
    const db = new DynamoDBClient(aws);
    await db.send(new CreateTableCommand(createTableInput(TABLE)));
    await db.send(new UpdateTimeToLiveCommand({ TableName: TABLE, TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true } }));
    productionAccess = true;

    const { code, stdout } = await doctor({ linkKey: "a-long-enough-link-signing-key-4567" });
    expect(stdout).not.toMatch(/✘/);
    expect(line(stdout, "LinkKey secret")).toBe("✔ set; no previous key");
    expect(line(stdout, "Sender identity")).toMatch(/^✔ example\.com is verified/);
    expect(line(stdout, "SES sending limits")).toMatch(/^✔ out of the sandbox: 50000 emails per 24 hours/);
    expect(line(stdout, "Subscribers table")).toMatch(/^✔ .*byDue index and time to live on expiresAt/);
    expect(stdout).toMatch(/All good\./);
    expect(code).toBe(0);
  });
});
