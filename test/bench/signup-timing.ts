import { Agent } from "node:http";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { suppressionRecord } from "../../functions/domain/subscriber/lifecycle";
import type { Subscriber } from "../../functions/domain/subscriber/subscriber";
import { LOCAL_TABLE } from "../../infra/dev/env";
import { putAll, subscriberItem, type SeedState } from "../support/seed";
import { median, pool, type Rig } from "./harness";
import { postSignup } from "./signup";

/** Every state an address can be in when someone posts it to the signup form. */
const states = ["new", "pending", "active", "completed", "unsubscribed", "bounced", "complained"] as const;
type State = (typeof states)[number];

export interface TimingResult {
  perState: number;
  medians: Record<State, number>;
  slowest: State;
  fastest: State;
  /** the slowest state's median over the fastest's: 1 means timing tells nothing */
  ratio: number;
}

function seeded(key: string, email: string, state: Exclude<State, "new">): Subscriber {
  if (state === "bounced" || state === "complained") {
    const at = new Date().toISOString();
    return suppressionRecord(subscriberItem(key, email, { state: "active" }).pk, state, at, "bench", at);
  }
  return subscriberItem(key, email, { state: state as SeedState });
}

/**
 * 8. POST /subscribe for addresses in each state, `perState` requests each, interleaved (one
 * of each state in turn, `connections` at a time) so every state meets the same load. The
 * medians per state, and the slowest over the fastest. Target ≤ 1.2.
 */
export async function signupTiming(rig: Rig, perState = 250, connections = 4): Promise<TimingResult> {
  const warm = 40;
  const address = (state: State, i: number) => `timing.${state}.${i}@example.com`;
  const items = states
    .filter((s): s is Exclude<State, "new"> => s !== "new")
    .flatMap((state) => Array.from({ length: warm + perState }, (_, i) => seeded(rig.tokenKey, address(state, i), state)));
  await putAll(new DynamoDBClient({}), LOCAL_TABLE, items);

  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies = Object.fromEntries(states.map((s) => [s, [] as number[]])) as Record<State, number[]>;
  const turns = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => states.map((state) => ({ state, i: from + i }))).flat();
  // warm up (connections, JIT, and the app's record of how long a signup that mails takes)
  await pool(turns(0, warm), connections, ({ state, i }) => postSignup(agent, rig.app, address(state, i)));
  await pool(turns(warm, warm + perState), connections, async ({ state, i }) => {
    const started = performance.now();
    await postSignup(agent, rig.app, address(state, i));
    latencies[state].push(performance.now() - started);
  });
  agent.destroy();
  await rig.clearMailbox();

  const medians = Object.fromEntries(states.map((s) => [s, median(latencies[s])])) as Record<State, number>;
  const byMedian = [...states].sort((a, b) => medians[a] - medians[b]);
  const fastest = byMedian[0]!;
  const slowest = byMedian.at(-1)!;
  return { perState, medians, slowest, fastest, ratio: medians[slowest] / medians[fastest] };
}
