import { classifyAddress } from './public-address.util';

describe('classifyAddress', () => {
  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.215.14',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('%s is public', (address) => {
    expect(classifyAddress(address)).toBe('public');
  });

  it.each(['127.0.0.1', '127.255.255.254', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:0:0:1'])(
    '%s is loopback',
    (address) => {
      expect(classifyAddress(address)).toBe('loopback');
    },
  );

  it.each([
    ['unspecified', '0.0.0.0'],
    ['this network', '0.1.2.3'],
    ['private 10/8', '10.0.0.1'],
    ['private 172.16/12', '172.31.255.255'],
    ['private 192.168/16', '192.168.1.1'],
    ['shared CGN', '100.64.0.1'],
    ['link-local (metadata)', '169.254.169.254'],
    ['IETF assignments', '192.0.0.8'],
    ['documentation', '192.0.2.1'],
    ['benchmarking', '198.18.0.1'],
    ['multicast', '224.0.0.1'],
    ['reserved', '240.0.0.1'],
    ['broadcast', '255.255.255.255'],
    ['IPv6 unspecified', '::'],
    ['IPv6 unique-local', 'fd12:3456:789a::1'],
    ['IPv6 link-local', 'fe80::1'],
    ['IPv6 site-local', 'fec0::1'],
    ['IPv6 multicast', 'ff02::1'],
    ['IPv6 discard-only', '100::1'],
    ['IPv6 documentation', '2001:db8::1'],
    ['Teredo', '2001:0::1'],
    ['6to4', '2002:a00:1::1'],
    ['IPv4-compatible', '::10.0.0.1'],
    ['IPv4-mapped private', '::ffff:10.0.0.1'],
    ['IPv4-mapped private, hex', '::ffff:a9fe:a9fe'],
    ['IPv4-mapped unspecified', '::ffff:0.0.0.0'],
    ['NAT64 of private', '64:ff9b::a00:1'],
    ['NAT64 of loopback', '64:ff9b::127.0.0.1'],
    ['local-use NAT64', '64:ff9b:1::1'],
    ['not an address', 'localhost'],
    ['zone id', 'fe80::1%eth0'],
  ])('%s (%s) is special', (_name, address) => {
    expect(classifyAddress(address)).toBe('special');
  });
});
