import { z } from 'zod';
import { method } from './define';

/** A host key a person trusted for one host and port. */
export const KnownHostKey = z.object({
  host: z.string(),
  port: z.number().int(),
  keyType: z.string(),
  fingerprint: z.string(),
  /** `ui` (confirmed in a dialog) or `cli` (`--accept-host-key`). */
  trustedBy: z.string(),
  addedAt: z.string(),
  lastSeenAt: z.string().nullable(),
});
export type KnownHostKey = z.infer<typeof KnownHostKey>;

/** One hop of a connection (its jump hosts, then the server itself) and the key it presents. */
export const HostKeyHop = z.object({
  connection: z.string(),
  host: z.string(),
  port: z.number().int(),
  keyType: z.string(),
  /** `ED25519`, `ECDSA`, `RSA`. */
  keyLabel: z.string(),
  fingerprint: z.string(),
  status: z.enum(['trusted', 'unknown', 'changed']),
  /** The fingerprints trusted before, when the key changed. */
  previous: z.array(z.object({ keyType: z.string(), fingerprint: z.string(), addedAt: z.string() })),
});
export type HostKeyHop = z.infer<typeof HostKeyHop>;

export const HostKeyScan = z.object({
  /** In connection order; the scan stops at the first hop that is not trusted (it cannot go through it). */
  hops: z.array(HostKeyHop),
  /** Every hop, the server included, presents a trusted key. */
  trusted: z.boolean(),
});
export type HostKeyScan = z.infer<typeof HostKeyScan>;

const Fingerprint = z.string().trim().min(8).max(200);
const TABLES = ['ssh_known_hosts'] as const;

export const sshMethods = {
  'ssh.hostKeys.scan': method({
    description: "Connect to an SSH connection's hosts (jump hosts first) and report the host key each presents, without logging in to an untrusted one.",
    input: z.object({ connectionId: z.string().min(1) }).strict(),
    output: HostKeyScan,
    reads: TABLES,
  }),
  'ssh.hostKeys.trust': method({
    description: 'Trust the host key a hop of the connection presents now, only if its fingerprint is the one confirmed; a changed key is replaced only with `replace`.',
    input: z.object({ connectionId: z.string().min(1), fingerprint: Fingerprint, replace: z.boolean().default(false) }).strict(),
    output: HostKeyHop,
  }),
  'ssh.hostKeys.list': method({
    description: 'Every trusted SSH host key.',
    input: z.object({}).strict(),
    output: z.array(KnownHostKey),
    reads: TABLES,
  }),
  'ssh.hostKeys.forget': method({
    description: 'Forget the trusted keys of a host and port: the next connection asks for confirmation again.',
    input: z.object({ host: z.string().trim().min(1).max(255), port: z.number().int().min(1).max(65_535).default(22) }).strict(),
    output: z.object({ removed: z.number().int() }),
  }),
};
