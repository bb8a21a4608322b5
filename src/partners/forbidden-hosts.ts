import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where webhooks may not go. Link-local (including cloud metadata at
 * 169.254.169.254 and fe80::/10), unspecified and multicast addresses are
 * refused always; loopback and private networks unless
 * WEBHOOK_ALLOW_PRIVATE_HOSTS is on (local development and tests). Checked
 * at registration and again at every delivery, on the addresses the
 * connection actually uses (so DNS rebinding cannot slip past).
 */
const ALWAYS = new BlockList();
ALWAYS.addSubnet('0.0.0.0', 8, 'ipv4');
ALWAYS.addSubnet('169.254.0.0', 16, 'ipv4');
ALWAYS.addSubnet('224.0.0.0', 3, 'ipv4'); // multicast and reserved, through 255.255.255.255
ALWAYS.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
ALWAYS.addAddress('::', 'ipv6');
ALWAYS.addSubnet('fe80::', 10, 'ipv6');
ALWAYS.addSubnet('ff00::', 8, 'ipv6');

const PRIVATE = new BlockList();
PRIVATE.addSubnet('127.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('100.64.0.0', 10, 'ipv4');
PRIVATE.addAddress('::1', 'ipv6');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');

export class ForbiddenHostError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`webhook host ${host} resolves to ${address}, which webhooks may not reach`);
    this.name = 'ForbiddenHostError';
  }
}

/** IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is. */
function normalized(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1], family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

export function isForbiddenAddress(address: string, allowPrivate: boolean): boolean {
  const { address: ip, family } = normalized(address);
  if (ALWAYS.check(ip, family)) return true;
  return !allowPrivate && PRIVATE.check(ip, family);
}

/** Resolves `host` and returns an address webhooks may use; ForbiddenHostError if any address it resolves to is forbidden. */
export async function allowedAddress(host: string, allowPrivate: boolean): Promise<{ address: string; family: 4 | 6 }> {
  const bare = host.replace(/^\[|\]$/g, '');
  const addresses = isIP(bare)
    ? [{ address: bare, family: isIP(bare) as 4 | 6 }]
    : ((await lookup(bare, { all: true, verbatim: true })) as Array<{ address: string; family: 4 | 6 }>);
  if (!addresses.length) throw new Error(`webhook host ${host} does not resolve`);
  for (const entry of addresses) if (isForbiddenAddress(entry.address, allowPrivate)) throw new ForbiddenHostError(host, entry.address);
  return addresses[0];
}
