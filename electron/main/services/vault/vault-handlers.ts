import type { CallContext, Handlers } from '../../../../shared/rpc/router';
import type { SecretAccessor } from '../secrets/secret-source';
import { auditToCsv, auditToJson } from './audit-export';
import type { Vault } from './vault';

type VaultMethod = Extract<keyof Handlers, `vault.${string}`>;

/** The person behind a UI or CLI call, as the audit log records them. */
const userAccessor = (ctx: CallContext): SecretAccessor => ({ kind: 'user', id: ctx.caller });

export function vaultHandlers(vault: Vault): Pick<Handlers, VaultMethod> {
  return {
    'vault.status': () => vault.status(),
    'vault.create': ({ passphrase, useKeychain }) => vault.create(passphrase, { useKeychain }),
    'vault.unlock': ({ passphrase }, ctx) => vault.unlock(passphrase, userAccessor(ctx)),
    'vault.lock': () => vault.lock(),
    'vault.updateSettings': (settings) => vault.updateSettings(settings),
    'vault.list': () => vault.list(),
    'vault.set': (input, ctx) => vault.set(input, userAccessor(ctx)),
    'vault.remove': ({ name }, ctx) => {
      vault.remove(name, userAccessor(ctx));
      return { removed: true as const };
    },
    'vault.rotate': ({ passphrase }, ctx) => vault.rotate(passphrase, userAccessor(ctx)),
    'vault.reveal': ({ name }, ctx) => vault.revealToUser(name, userAccessor(ctx)),
    'vault.audit': ({ limit, offset, ...filter }) => vault.queryAudit(filter, limit, offset),
    'vault.exportAudit': ({ format, ...filter }) => {
      const entries = vault.audit.all(filter);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      return format === 'csv'
        ? { filename: `echelon-vault-audit-${stamp}.csv`, contentType: 'text/csv', content: auditToCsv(entries), entries: entries.length }
        : { filename: `echelon-vault-audit-${stamp}.json`, contentType: 'application/json', content: auditToJson(entries), entries: entries.length };
    },
  };
}
