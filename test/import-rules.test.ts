import { describe, expect, it } from "vitest";
import { problemsOf } from "../.ci/check-imports";

/** The rules `npm run check:imports` applies to every import in functions/ and infra/ (CI runs it over the whole tree). */
describe("the import rules", () => {
  it("keep the domain pure: no AWS SDK, no sst, no hono, nothing above it", () => {
    expect(problemsOf("functions/domain/planted.ts", "@aws-sdk/client-dynamodb", "node_modules/@aws-sdk/client-dynamodb/dist-es/index.js")).toHaveLength(1);
    expect(problemsOf("functions/domain/planted.ts", "sst", "node_modules/sst/dist/index.js")).toHaveLength(1);
    expect(problemsOf("functions/domain/planted.ts", "hono", "node_modules/hono/dist/index.js")).toHaveLength(1);
    expect(problemsOf("functions/domain/planted.ts", "../adapters/ses-mailer", "functions/adapters/ses-mailer.ts")).toHaveLength(1);
    expect(problemsOf("functions/domain/planted.ts", "../../runtime/context", "functions/runtime/context.ts")).toHaveLength(1);
    expect(problemsOf("functions/domain/pause/pause.ts", "../subscriber/lifecycle", "functions/domain/subscriber/lifecycle.ts")).toEqual([]);
    expect(problemsOf("functions/domain/sending/deliver.ts", "../../email/week-order", "functions/email/week-order.ts")).toEqual([]);
  });

  it("let sst in through runtime/ alone, and the AWS SDK through runtime/ and adapters/", () => {
    expect(problemsOf("functions/runtime/resources.ts", "sst", "node_modules/sst/dist/index.js")).toEqual([]);
    expect(problemsOf("functions/adapters/dynamo/counters.ts", "@aws-sdk/lib-dynamodb", undefined)).toEqual([]);
    expect(problemsOf("functions/adapters/dynamo/counters.ts", "sst", undefined)).toHaveLength(1);
    expect(problemsOf("functions/web/app.tsx", "@aws-sdk/client-ses", undefined)).toHaveLength(1);
  });

  it("point every arrow down: handlers → web → runtime → adapters → domain → email", () => {
    expect(problemsOf("functions/handlers/api.ts", "../web/app", "functions/web/app.tsx")).toEqual([]);
    expect(problemsOf("functions/web/app.tsx", "../handlers/api", "functions/handlers/api.ts")).toHaveLength(1);
    expect(problemsOf("functions/adapters/dynamo/store.ts", "../../runtime/context", "functions/runtime/context.ts")).toHaveLength(1);
    expect(problemsOf("functions/email/fill.ts", "../domain/ports", "functions/domain/ports.ts")).toHaveLength(2);
  });

  it("keep functions/ out of infra/, and infra/aws/ out of the operator's commands and the local stack", () => {
    expect(problemsOf("functions/domain/planted.ts", "../../infra/ops/doctor", "infra/ops/doctor.ts")).toHaveLength(1);
    expect(problemsOf("infra/aws/planted.ts", "../ops/doctor", "infra/ops/doctor.ts")).toHaveLength(1);
    expect(problemsOf("infra/aws/planted.ts", "../dev/stack", "infra/dev/stack.ts")).toHaveLength(1);
    expect(problemsOf("infra/ops/deploy.ts", "../aws/stage-config", "infra/aws/stage-config.ts")).toEqual([]);
  });
});
