import { isIPv6 } from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * The address a request came from, as throttles count it. X-Forwarded-For is
 * believed only as far as TRUST_PROXY says proxies of ours append to it
 * (otherwise anyone could send a fresh address with every guess). IPv6
 * addresses count per /64, the block one subscriber usually holds.
 */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxyHops: number): string {
  const socketAddress = req.socket.remoteAddress ?? 'unknown';
  let address = socketAddress;
  if (trustProxyHops > 0) {
    const header = req.headers['x-forwarded-for'];
    const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    const chain = [...forwarded, socketAddress];
    address = chain[Math.max(0, chain.length - 1 - trustProxyHops)];
  }
  return addressBucket(address);
}

export function addressBucket(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head, tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
