import { lookup } from 'node:dns/promises';
import { connect as connectTcp, isIP } from 'node:net';
import { connect as connectTls, type PeerCertificate } from 'node:tls';
import type { ProbeStep, Reachability } from '../core/doctor/doctor-facts.js';

export type { Reachability } from '../core/doctor/doctor-facts.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Tries the steps beneath HTTP one by one, so that a failure names the layer: the host name
 * (DNS), a TCP connection to its port, and for https a TLS handshake that verifies the
 * certificate as the client will (including NODE_EXTRA_CA_CERTS). Each step after a failed
 * one is skipped. Sends no HTTP request and no credentials.
 */
export async function probeReachability(baseUrl: string, timeoutMs: number, now = Date.now()): Promise<Reachability> {
  const url = new URL(baseUrl);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const https = url.protocol === 'https:';
  const port = url.port === '' ? (https ? 443 : 80) : Number(url.port);
  const dns = await resolveHost(host);
  const tcp: Reachability['tcp'] = dns.status === 'ok' ? await connectToAny(dns.addresses, port, timeoutMs) : { status: 'skipped' };
  const tls: Reachability['tls'] =
    !https || tcp.status !== 'ok' ? { status: 'skipped' } : await handshake(host, tcp.address, port, timeoutMs, now);
  return { host, port, dns, tcp, tls };
}

async function resolveHost(host: string): Promise<Reachability['dns']> {
  if (isIP(host) !== 0) return { status: 'ok', addresses: [host] };
  try {
    const found = await lookup(host, { all: true });
    return { status: 'ok', addresses: found.map((entry) => entry.address) };
  } catch (error) {
    return failed(error, `host name ${host} not found`);
  }
}

/** The addresses in the order the resolver gave them (`localhost` may be ::1 first), until one connects. */
async function connectToAny(addresses: readonly string[], port: number, timeoutMs: number): Promise<Reachability['tcp']> {
  let last: Reachability['tcp'] = { status: 'skipped' };
  for (const address of addresses) {
    last = await connectTo(address, port, timeoutMs);
    if (last.status === 'ok') return last;
  }
  return last;
}

function connectTo(address: string, port: number, timeoutMs: number): Promise<Reachability['tcp']> {
  return new Promise((resolve) => {
    const socket = connectTcp({ host: address, port, timeout: timeoutMs });
    const finish = (step: Reachability['tcp']) => {
      socket.destroy();
      resolve(step);
    };
    socket.once('connect', () => finish({ status: 'ok', address }));
    socket.once('timeout', () => finish({ status: 'failed', code: 'ETIMEDOUT', message: `no connection within ${timeoutMs} ms` }));
    socket.once('error', (error) => finish(failed(error, `could not connect to ${address}:${port}`)));
  });
}

function handshake(host: string, address: string, port: number, timeoutMs: number, now: number): Promise<Reachability['tls']> {
  return new Promise((resolve) => {
    const socket = connectTls({ host: address, port, servername: isIP(host) === 0 ? host : undefined, timeout: timeoutMs });
    const finish = (step: Reachability['tls']) => {
      socket.destroy();
      resolve(step);
    };
    socket.once('secureConnect', () => {
      const certificate = socket.getPeerCertificate();
      finish({ status: 'ok', ...describeCertificate(certificate, now), ...optionalProtocol(socket.getProtocol()) });
    });
    socket.once('timeout', () => finish({ status: 'failed', code: 'ETIMEDOUT', message: `no TLS handshake within ${timeoutMs} ms` }));
    socket.once('error', (error) => finish(failed(error, 'TLS handshake failed')));
  });
}

function describeCertificate(certificate: PeerCertificate, now: number) {
  const validTo = certificate.valid_to ? new Date(certificate.valid_to) : undefined;
  const valid = validTo !== undefined && !Number.isNaN(validTo.getTime());
  return {
    ...(typeof certificate.subject?.CN === 'string' ? { subject: certificate.subject.CN } : {}),
    ...(typeof certificate.issuer?.CN === 'string' ? { issuer: certificate.issuer.CN } : {}),
    ...(valid ? { validTo: validTo.toISOString(), daysLeft: Math.floor((validTo.getTime() - now) / DAY_MS) } : {}),
  };
}

function optionalProtocol(protocol: string | null): { protocol?: string } {
  return protocol === null ? {} : { protocol };
}

function failed(error: unknown, what: string): Extract<ProbeStep, { status: 'failed' }> {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'ERROR';
  // One line: OpenSSL messages can span several and carry source paths.
  const detail = error instanceof Error ? error.message.split('\n')[0]!.trim() : String(error);
  return { status: 'failed', code, message: `${what} (${code}: ${detail})` };
}
