/**
 * The log group a function really writes to. SST names a function and its log group with two
 * separate random suffixes (`createLogGroup` and the global naming transform in
 * `.sst/platform/src/components/aws/function.ts` and `component.ts`), so `/aws/lambda/${fn.name}`
 * names a group that doesn't exist and CloudWatch refuses a filter on it. The function's own
 * logging configuration names the real one (also when `logging.logGroup` points at a group made
 * elsewhere), and taking it from the function makes a filter wait for the function.
 *
 * Takes a Function or the `Output<Function>` SST hands out for the functions it makes itself
 * (`CronV2.nodes.function`, a topic or queue subscriber's `nodes.function`).
 */
export function logGroupOf(fn: sst.aws.Function | $util.Output<sst.aws.Function>): $util.Output<string> {
  return $output(fn).apply((f) =>
    f.nodes.function.loggingConfig.apply((logging) => {
      if (!logging?.logGroup) throw new Error("This function's logging is off: there is no log group to watch (leave `logging` on)");
      return logging.logGroup;
    }),
  );
}
