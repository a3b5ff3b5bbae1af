import * as z from "zod/mini";

/**
 * What the planner tells one shard's worker, as the queue carries it: which pass it belongs to
 * (`pass`, and `budget`, the item the pass's workers share the SES quota through), which shard
 * of the due index, how many it may send at most (`share`), the time the pass acts at (`at`, so
 * a made-up clock reaches the worker), the moment after which it claims nothing more
 * (`deadline`, by the worker's own clock: the next pass is planned by then), and the rate all
 * workers together keep to (`rate`, emails a second).
 */
const id = z.string().check(z.minLength(1), z.maxLength(100));
export const shardMessageSchema = z.object({
  pass: id,
  budget: id,
  shard: id,
  share: z.int().check(z.gte(1)),
  at: z.int().check(z.gte(0)),
  deadline: z.int().check(z.gte(0)),
  rate: z.number().check(z.positive(), z.lte(100_000)),
});

export type ShardMessage = z.infer<typeof shardMessageSchema>;

/** A queue message's body as a shard message, or undefined when it isn't one. */
export function readShardMessage(body: string): ShardMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const result = z.safeParse(shardMessageSchema, parsed);
  return result.success ? result.data : undefined;
}
