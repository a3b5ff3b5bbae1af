import { subscribersTable } from "./table-schema";

export const table = new sst.aws.Dynamo("Subscribers", {
  ...subscribersTable,
  deletionProtection: $app.stage === "production",
});
