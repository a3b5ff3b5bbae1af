import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { freePort } from "./support/http";

// The tests' servers bind ports chosen a moment earlier. A port from the kernel's ephemeral range
// can be taken in that moment by any outgoing connection (CI once failed on "Port 45083 is
// already in use"), so the ports come from below that range, one block per worker, never twice.
describe("freePort", () => {
  it("hands out distinct ports outside the ephemeral range, each one a server can bind", async () => {
    const ephemeralFrom = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    const ports = await Promise.all(Array.from({ length: 40 }, () => freePort()));
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) expect(port).toBeLessThan(ephemeralFrom);

    const server = createServer();
    await new Promise<void>((ready) => server.listen(ports[0], ready));
    // a port a server holds is not handed out, even once the block comes round to it again
    const more = await Promise.all(Array.from({ length: 1000 }, () => freePort()));
    expect(more).not.toContain(ports[0]);
    await new Promise((done) => server.close(done));
  });
});
