import { BlockList, isIP } from 'node:net';

// IANA IPv4 Special-Purpose Address Registry (RFC 6890 and updates), plus multicast and the reserved
// 240/4: nothing here is a public unicast destination. BlockList also applies these rules to the
// IPv4-mapped IPv6 form (::ffff:a.b.c.d), so ::ffff:127.0.0.1 is refused like 127.0.0.1.
const SPECIAL_IPV4: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network", includes the unspecified address
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata endpoints live here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.31.196.0', 24], // AS112
  ['192.52.193.0', 24], // AMT
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['192.175.48.0', 24], // AS112 direct delegation
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes the limited broadcast address
];

// IPv6 is refused unless it is global unicast (2000::/3); inside 2000::/3 these are special-purpose.
// IPv4-mapped (::ffff:0:0/96) and NAT64 (64:ff9b::/96) addresses carry an IPv4 address and are judged by it.
const SPECIAL_IPV6: Array<[string, number]> = [
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID, ...)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds an IPv4 address that may be private
  ['3fff::', 20], // documentation
];
const NAT64_PREFIX = '64:ff9b::';

const special = new BlockList();
for (const [network, prefix] of SPECIAL_IPV4) {
  special.addSubnet(network, prefix, 'ipv4');
  special.addSubnet(`${NAT64_PREFIX}${network}`, 96 + prefix, 'ipv6');
}
for (const [network, prefix] of SPECIAL_IPV6) special.addSubnet(network, prefix, 'ipv6');

const routableIpv6 = new BlockList();
routableIpv6.addSubnet('2000::', 3, 'ipv6');
routableIpv6.addSubnet('::ffff:0:0', 96, 'ipv6');
routableIpv6.addSubnet(NAT64_PREFIX, 96, 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4'); // also matches ::ffff:127.0.0.0/104
loopback.addAddress('::1', 'ipv6');

/** How an IP address may be used as a destination: `public`, `loopback`, or `special` (never contacted). */
export type AddressClass = 'public' | 'loopback' | 'special';

/** Classifies an IP address literal (IPv4 or IPv6, without brackets); anything unparsable is `special`. */
export function classifyAddress(address: string): AddressClass {
  const family = isIP(address);
  if (family === 0) return 'special';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (loopback.check(address, type)) return 'loopback';
  if (family === 6 && !routableIpv6.check(address, 'ipv6')) return 'special';
  return special.check(address, type) ? 'special' : 'public';
}
