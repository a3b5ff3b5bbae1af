/**
 * Least privilege. SST's links grant broadly (`dynamodb:*` for a table, `sqs:*` for a queue,
 * invoking a linked function), so the table, queues and functions are linked for their names or
 * URLs only, and each function gets exactly the actions it uses, where it is declared.
 */
sst.Linkable.wrap(sst.aws.Dynamo, (table) => ({ properties: { name: table.name } }));
// a queue is linked for its URL only: who may send to it is granted where that function is declared
sst.Linkable.wrap(sst.aws.Queue, (queue) => ({ properties: { url: queue.url } }));
// only the API (which has a URL) is linked, to the shard workers, for its URL: no `lambda:InvokeFunction`
sst.Linkable.wrap(sst.aws.Function, (fn) => ({ properties: { name: fn.name, url: fn.url } }));

/** DynamoDB actions on the subscribers table; `index` adds Query on its indexes (the due index). */
export function tableAccess(table: sst.aws.Dynamo, actions: string[], { index = false } = {}) {
  return [
    { actions: actions.map((action) => `dynamodb:${action}`), resources: [table.arn] },
    ...(index ? [{ actions: ["dynamodb:Query"], resources: [$interpolate`${table.arn}/index/*`] }] : []),
  ];
}
