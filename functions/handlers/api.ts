import { handle } from "hono/aws-lambda";
import { app } from "../web/app";

/** Lambda entry for the Function URL. */
export const handler = handle(app);
