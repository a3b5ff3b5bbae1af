import { handle } from "hono/aws-lambda";
import { configurationProblems, getContext } from "../runtime/context";
import { createApp } from "../web/app";

/** The site as deployed: its context from the linked resources, asked for on first use. */
export const app = createApp({ context: getContext, problems: configurationProblems });

/** Lambda entry for the Function URL. */
export const handler = handle(app);
