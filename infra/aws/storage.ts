import { subscribersTable } from "../../functions/adapters/dynamo/table-schema";

/** The subscribers table. Production keeps it on `sst remove` and refuses to delete it; PITR is on in every stage. */
export const table = new sst.aws.Dynamo("Subscribers", {
  ...subscribersTable,
  deletionProtection: $app.stage === "production",
  transform: { table: { pointInTimeRecovery: { enabled: true } } },
});
