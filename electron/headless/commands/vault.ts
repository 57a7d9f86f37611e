import { InvalidArgumentError, Option, type Command } from 'commander';
import { AccessorKind, AuditAction, validationError, type AuditFilter, type SecretRecordInfo, type VaultStatus } from '../../../shared/contract';
import { PRIMARY_FIELD, SecretKind, SecretValue } from '../../../shared/secrets/secret-kinds';
import type { Host } from '../../main/services/host';
import { callOrThrow } from '../call';
import { UsageError, withHost, type CliContext } from '../cli-context';
import { promptHidden } from '../hidden-prompt';
import { PASSPHRASE_ENV, readPassphrase } from '../vault-passphrase';

const MAX_STDIN_BYTES = 1024 * 1024;
/** Kinds whose value is one string: stdin is the value itself. The others take a JSON object. */
const SINGLE_FIELD_KINDS = new Set<SecretKind>(['secret', 'api_key']);

function parseKind(value: string): SecretKind {
  const parsed = SecretKind.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(`expected one of ${SecretKind.options.join(', ')}.`);
  return parsed.data;
}

function parseMinutes(value: string): number {
  const minutes = Number(value);
  if (!/^\d+$/.test(value) || minutes > 1440) throw new InvalidArgumentError('expected whole minutes from 0 (never) to 1440.');
  return minutes;
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1 || limit > 500) throw new InvalidArgumentError('expected a number from 1 to 500.');
  return limit;
}

const collect = (value: string, previous: string[]) => [...previous, value];

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_STDIN_BYTES) throw new UsageError('The value on stdin is larger than 1 MiB.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The value from stdin: the raw text (one trailing newline dropped) for single-field kinds,
 * a JSON object of fields for the others. Errors never quote what was read.
 */
async function readValue(name: string, kind: SecretKind): Promise<SecretValue> {
  const single = SINGLE_FIELD_KINDS.has(kind);
  let text: string;
  if (process.stdin.isTTY) {
    if (!single) throw new UsageError(`Pipe the ${kind} value as JSON on stdin, e.g. \`echelon vault set ${name} --kind ${kind} < ${name.toLowerCase()}.json\`.`);
    text = await promptHidden(`Value for ${name}: `);
  } else {
    text = await readStdin();
  }
  if (single) {
    const value = text.replace(/\r?\n$/, '');
    if (value === '') throw new UsageError(`No value on stdin: pipe it in, e.g. \`printf %s "$TOKEN" | echelon vault set ${name}\`.`);
    return SecretValue.parse({ kind, [PRIMARY_FIELD[kind]]: value });
  }
  let fields: unknown;
  try {
    fields = JSON.parse(text);
  } catch {
    throw new UsageError(`Kind ${kind} takes a JSON object on stdin (its fields: ${fieldList(kind)}); what was read is not valid JSON.`);
  }
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) throw new UsageError(`Kind ${kind} takes a JSON object on stdin (its fields: ${fieldList(kind)}).`);
  const given = (fields as { kind?: unknown }).kind;
  if (given !== undefined && given !== kind) throw new UsageError(`The JSON on stdin says kind "${String(given).slice(0, 20)}" but --kind is ${kind}.`);
  const parsed = SecretValue.safeParse({ ...fields, kind });
  if (!parsed.success) throw validationError(parsed.error, `${kind} value on stdin`);
  return parsed.data;
}

function fieldList(kind: SecretKind): string {
  const option = SecretValue.options.find((candidate) => candidate.shape.kind.value === kind)!;
  return Object.keys(option.shape)
    .filter((field) => field !== 'kind')
    .join(', ');
}

async function unlock(host: Host): Promise<VaultStatus> {
  const status = host.vault.status();
  if (status.state === 'absent') throw new Error('There is no vault in this data dir yet: create one with `echelon vault init`.');
  return callOrThrow(host, 'vault.unlock', { passphrase: await readPassphrase() });
}


const pad = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));

function describeRecords(records: readonly SecretRecordInfo[]): string {
  if (records.length === 0) return 'The vault is empty. Add a secret with `echelon vault set NAME`.\n';
  const lines = records.map(
    (record) => `${pad(record.name, 28)} ${pad(record.kind, 12)} ${pad(record.masked, 10)} ${pad(record.tags.join(','), 16)} ${pad(record.lastUsedAt ?? 'never', 24)} ${record.usedBy.join(', ')}`,
  );
  return [`${pad('NAME', 28)} ${pad('KIND', 12)} ${pad('VALUE', 10)} ${pad('TAGS', 16)} ${pad('LAST USED', 24)} USED BY`, ...lines, ''].join('\n');
}

/** Whether ECHELON_VAULT_PASSPHRASE is set, and if so whether it opens this vault. */
interface EnvPassphrase {
  set: boolean;
  opens?: boolean;
  reason?: string;
}

/** Tries the environment's passphrase on a locked vault, so `status` can say whether commands will unlock it. */
async function checkEnvPassphrase(host: Host, status: VaultStatus): Promise<EnvPassphrase> {
  const passphrase = process.env[PASSPHRASE_ENV];
  if (!passphrase) return { set: false };
  if (status.state !== 'locked') return { set: true };
  try {
    await callOrThrow(host, 'vault.unlock', { passphrase });
    return { set: true, opens: true };
  } catch (error) {
    return { set: true, opens: false, reason: (error as Error).message };
  }
}

function envLine(status: VaultStatus, env: EnvPassphrase): string | undefined {
  if (!env.set) return status.state === 'locked' ? `Passphrase      commands that need a secret ask for it on a terminal, or set ${PASSPHRASE_ENV}` : undefined;
  if (env.opens === undefined) return `Passphrase      ${PASSPHRASE_ENV} is set`;
  return env.opens
    ? `Passphrase      ${PASSPHRASE_ENV} is set and opens it: commands unlock the vault with it (\`echelon vault verify\` also checks every secret)`
    : `Passphrase      ${PASSPHRASE_ENV} is set but does not open it (${env.reason}): commands will find the vault locked`;
}

function describeStatus(status: VaultStatus, env: EnvPassphrase): string {
  const state = status.state === 'absent' ? 'no vault yet (create one with `echelon vault init`)' : status.state;
  const passphrase = envLine(status, env);
  return [
    `Vault           ${state}`,
    ...(passphrase ? [passphrase] : []),
    `Records         ${status.recordCount}`,
    `Key generation  ${status.keyGeneration}${status.rotatedAt ? ` (rotated ${status.rotatedAt})` : ''}`,
    `Auto-lock       ${status.autoLockMinutes === 0 ? 'never' : `after ${status.autoLockMinutes} minutes without use`}`,
    '',
  ].join('\n');
}

export function registerVault(program: Command, ctx: CliContext): void {
  const vault = program
    .command('vault')
    .description('The encrypted credential vault. The passphrase comes from $ECHELON_VAULT_PASSPHRASE, or is asked on a terminal');

  vault
    .command('init')
    .description('Create the vault, protected by a new passphrase')
    .action(() =>
      withHost(ctx.openHost(), async (host) => {
        if (host.vault.status().state !== 'absent') throw new Error('A vault already exists in this data dir.');
        const passphrase = await readPassphrase({ confirm: true });
        await callOrThrow(host, 'vault.create', { passphrase, useKeychain: false });
        ctx.io.out(`Vault created in ${ctx.dataDir}. Keep the passphrase safe: without it the values cannot be recovered.\n`);
      }),
    );

  vault
    .command('status')
    .description('Whether a vault exists, how many records it holds, its key generation and auto-lock')
    .option('--json', 'print machine-readable JSON')
    .action((options: { json?: boolean }) =>
      withHost(ctx.openHost(), async (host) => {
        const status = await callOrThrow(host, 'vault.status', {});
        const env = await checkEnvPassphrase(host, status);
        if (options.json) ctx.printJson({ ...status, passphraseFromEnvironment: env });
        else ctx.io.out(describeStatus(status, env));
      }),
    );

  vault
    .command('set')
    .description('Add a secret or replace its value: the value is read from stdin (JSON for multi-field kinds), or asked on a terminal')
    .argument('<name>', 'the secret name, e.g. GITHUB_TOKEN')
    .addOption(new Option('--kind <kind>', `kind of value: ${SecretKind.options.join(', ')}`).argParser(parseKind))
    .option('--description <text>', 'what the secret is for')
    .option('--tag <tag>', 'a tag (repeat for several)', collect, [])
    .option('--json', 'print the saved record (without its value) as JSON')
    .action((name: string, options: { kind?: SecretKind; description?: string; tag: string[]; json?: boolean }) =>
      withHost(ctx.openHost(), async (host) => {
        const existing = host.vault.list().find((record) => record.name === name);
        const kind = options.kind ?? existing?.kind ?? 'secret';
        await unlock(host);
        const value = await readValue(name, kind);
        const record = await callOrThrow(host, 'vault.set', {
          name,
          value,
          description: options.description,
          tags: options.tag.length > 0 ? options.tag : undefined,
        });
        if (options.json) ctx.printJson(record);
        else ctx.io.out(`${existing ? 'Replaced' : 'Added'} ${record.name} (${record.kind}). Refer to it as {{ secrets.${record.name} }}.\n`);
      }),
    );

  vault
    .command('list')
    .description('Every secret with its kind, tags, last use and users; values are never printed')
    .option('--json', 'print machine-readable JSON')
    .action((options: { json?: boolean }) =>
      withHost(ctx.openHost(), async (host) => {
        const records = await callOrThrow(host, 'vault.list', {});
        if (options.json) ctx.printJson(records);
        else ctx.io.out(describeRecords(records));
      }),
    );

  vault
    .command('rm')
    .description('Delete a secret and its value')
    .argument('<name>', 'the secret name')
    .action((name: string) =>
      withHost(ctx.openHost(), async (host) => {
        await unlock(host);
        await callOrThrow(host, 'vault.remove', { name });
        ctx.io.out(`Removed ${name}.\n`);
      }),
    );

  vault
    .command('rotate')
    .description('Replace the master key and re-encrypt every secret in one transaction')
    .option('--json', 'print machine-readable JSON')
    .action((options: { json?: boolean }) =>
      withHost(ctx.openHost(), async (host) => {
        const passphrase = await readPassphrase();
        await callOrThrow(host, 'vault.unlock', { passphrase });
        const progress = host.bus.on('vault.rotation', ({ phase, done, total }) => {
          if (phase !== 'done') ctx.io.err(`${phase === 'encrypt' ? 'Re-encrypting' : 'Writing'} ${done}/${total}\n`);
        });
        try {
          const result = await callOrThrow(host, 'vault.rotate', { passphrase });
          if (options.json) ctx.printJson(result);
          else ctx.io.out(`Master key rotated: ${result.records} secrets re-encrypted (key generation ${result.keyGeneration}, ${result.ms} ms).\n`);
        } finally {
          progress.dispose();
        }
      }),
    );

  vault
    .command('audit')
    .description('Who decrypted which secret, and when (newest first)')
    .option('--json', 'print every matching entry as JSON')
    .option('--csv', 'print every matching entry as CSV')
    .option('--name <text>', 'only secrets whose name contains this')
    .addOption(new Option('--accessor <kind>', 'only this kind of reader').choices(AccessorKind.options))
    .addOption(new Option('--action <action>', 'only this action').choices(AuditAction.options))
    .addOption(new Option('--limit <n>', 'entries to show in the table').default(50).argParser(parseLimit))
    .action((options: { json?: boolean; csv?: boolean; name?: string; accessor?: AuditFilter['accessorKind']; action?: AuditFilter['action']; limit: number }) =>
      withHost(ctx.openHost(), async (host) => {
        if (options.json && options.csv) throw new UsageError('Choose one of --json and --csv.');
        const filter: AuditFilter = { name: options.name, accessorKind: options.accessor, action: options.action };
        if (options.json || options.csv) {
          const exported = await callOrThrow(host, 'vault.exportAudit', { ...filter, format: options.csv ? 'csv' : 'json' });
          ctx.io.out(exported.content);
          return;
        }
        const { entries, total } = await callOrThrow(host, 'vault.audit', { ...filter, limit: options.limit });
        if (entries.length === 0) return ctx.io.out('No audit entries match.\n');
        const lines = entries.map((entry) => `${entry.at}  ${pad(entry.action, 8)} ${pad(entry.recordName ?? '—', 24)} ${entry.accessorKind}:${entry.accessorId}${entry.detail ? `  (${entry.detail})` : ''}`);
        ctx.io.out(`${lines.join('\n')}\n${total > entries.length ? `… ${total - entries.length} older entries (use --limit or --json)\n` : ''}`);
      }),
    );

  vault
    .command('verify')
    .description('Decrypt every secret to prove none was altered on disk; prints names only')
    .action(() =>
      withHost(ctx.openHost(), async (host) => {
        await unlock(host);
        const results = host.vault.verify();
        const damaged = results.filter((result) => !result.ok);
        for (const result of damaged) ctx.io.err(`echelon: ${result.message}\n`);
        if (damaged.length > 0) throw new Error(`${damaged.length} of ${results.length} secrets failed their integrity check: ${damaged.map((result) => result.name).join(', ')}.`);
        ctx.io.out(`All ${results.length} secrets are intact.\n`);
      }),
    );

  vault
    .command('auto-lock')
    .description('Lock the vault after this many minutes without use (0 = never)')
    .argument('<minutes>', 'whole minutes, 0 to 1440', parseMinutes)
    .action((minutes: number) =>
      withHost(ctx.openHost(), async (host) => {
        await unlock(host);
        await callOrThrow(host, 'vault.updateSettings', { autoLockMinutes: minutes });
        ctx.io.out(minutes === 0 ? 'Auto-lock turned off.\n' : `The vault will lock after ${minutes} minutes without use.\n`);
      }),
    );
}
