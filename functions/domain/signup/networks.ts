/**
 * Which networks a client address stands for, for the signup limits. An IPv4 address is its
 * own client and network. An IPv6 client is its /64 (one home or one server is given a whole
 * /64 to pick addresses from), and its network the /48 around it (what a site, or a free tunnel
 * broker, hands one customer: 65,536 /64s).
 */
export interface ClientNetworks {
  /** what the per-client limit counts: an IPv4 address, or an IPv6 /64 */
  client: string;
  /** what the per-network share of the hourly budget counts: an IPv4 address, or an IPv6 /48 */
  network: string;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function networksOf(address: string): ClientNetworks {
  const bare = address.trim().toLowerCase().split("%")[0]!;
  const groups = bare.includes(":") ? ipv6Groups(bare) : undefined;
  // an IPv4 client reaching an IPv6 socket (::ffff:a.b.c.d) is that IPv4 client
  const mapped = groups && groups.slice(0, 6).join(":") === "0:0:0:0:0:ffff" ? ipv4Of(groups) : undefined;
  if (!groups || mapped) {
    const v4 = mapped ?? bare;
    return { client: v4, network: v4 };
  }
  const prefix = (n: number) => `${groups.slice(0, n).map((g) => g.padStart(4, "0")).join(":")}::/${n * 16}`;
  return { client: prefix(4), network: prefix(3) };
}

/** For the per-client limit alone: an IPv4 address, or an IPv6 client's /64. */
export const networkOf = (address: string) => networksOf(address).client;

/** The eight groups of an IPv6 address (an IPv4 tail as two), or undefined if it isn't one. */
function ipv6Groups(text: string): string[] | undefined {
  const tail = text.match(/^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/);
  const v4 = tail && tail[2]!.match(IPV4);
  const hex = v4
    ? `${tail![1]}${((Number(v4[1]) << 8) | Number(v4[2])).toString(16)}:${((Number(v4[3]) << 8) | Number(v4[4])).toString(16)}`
    : text;
  const halves = hex.split("::");
  if (halves.length > 2) return undefined;
  const split = (half: string) => (half ? half.split(":") : []);
  const [head, rest] = [split(halves[0]!), halves.length === 2 ? split(halves[1]!) : undefined];
  const groups = rest === undefined ? head : [...head, ...Array<string>(Math.max(0, 8 - head.length - rest.length)).fill("0"), ...rest];
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.map((g) => g.replace(/^0+(?=.)/, ""));
}

function ipv4Of(groups: string[]): string {
  const [high, low] = [parseInt(groups[6]!, 16), parseInt(groups[7]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}
