/**
 * Large tables take a while: says how far a scan got, on stderr so stdout stays clean. On a
 * terminal one line is rewritten in place; otherwise a line every 10 pages.
 */
const PROGRESS_EVERY = 10;

export async function* withProgress<T extends readonly unknown[]>(pages: AsyncIterable<T>): AsyncGenerator<T> {
  const tty = Boolean(process.stderr.isTTY);
  let count = 0;
  let items = 0;
  for await (const page of pages) {
    count++;
    items += page.length;
    if (tty && count > 1) process.stderr.write(`\rscanned ${items} items (${count} pages)…`);
    if (!tty && count % PROGRESS_EVERY === 0) process.stderr.write(`scanned ${items} items (${count} pages)…\n`);
    yield page;
  }
  if (tty && count > 1) process.stderr.write("\r\x1b[K");
}
