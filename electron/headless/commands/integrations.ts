import type { Command } from 'commander';
import { EchelonError, type Connection } from '../../../shared/contract';
import { UsageError, type CliContext } from '../cli-context';
import { withHostClient, type HostClient } from '../host-client';

/** A connection named by its id or (case-insensitively) its name. */
async function findConnection(client: HostClient, nameOrId: string): Promise<Connection> {
  const connections = await client.call('integrations.connections.list', {});
  const found = connections.find((connection) => connection.id === nameOrId) ?? connections.find((connection) => connection.name.toLowerCase() === nameOrId.toLowerCase());
  if (!found) throw new EchelonError('not_found', `No connection is named "${nameOrId}". \`echelon integrations list\` shows them.`);
  return found;
}

function parseParams(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--params is not JSON: ${(error as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError('--params must be a JSON object, such as \'{"url": "/health"}\'.');
  return value as Record<string, unknown>;
}

/** `HOST`, `HOST:PORT` or `[IPv6]:PORT`. */
function hostAndPort(text: string): { host: string; port: number } {
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(text) ?? /^([^:]+)(?::(\d+))?$/.exec(text);
  const port = Number(match?.[2] ?? 22);
  if (!match || !Number.isInteger(port) || port < 1 || port > 65_535) throw new UsageError(`"${text}" is not HOST or HOST:PORT.`);
  return { host: match[1]!, port };
}

function registerHostKeys(integrations: Command, ctx: CliContext): void {
  const hostKeys = integrations.command('host-keys').description('SSH host keys trusted after their fingerprint was confirmed');
  hostKeys
    .command('list')
    .description('List the trusted SSH host keys')
    .option('--json', 'print machine-readable JSON')
    .action((options: { json?: boolean }) =>
      withHostClient(ctx, {}, async (client) => {
        const keys = await client.call('ssh.hostKeys.list', {});
        if (options.json) return ctx.printJson(keys);
        if (keys.length === 0) return ctx.io.out('No SSH host key is trusted yet: `echelon integrations test NAME` shows the fingerprint to check.\n');
        for (const key of keys) ctx.io.out(`${`${key.host}:${key.port}`.padEnd(28)} ${key.keyType.padEnd(22)} ${key.fingerprint}  (${key.trustedBy}, ${key.addedAt.slice(0, 10)})\n`);
      }),
    );
  hostKeys
    .command('forget <host>')
    .description('Forget the trusted keys of HOST[:PORT]; the next connection asks again')
    .action((target: string) =>
      withHostClient(ctx, {}, async (client) => {
        const { removed } = await client.call('ssh.hostKeys.forget', hostAndPort(target));
        if (removed === 0) throw new EchelonError('not_found', `No host key of ${target} is trusted: \`echelon integrations host-keys list\` shows them.`);
        ctx.io.out(`Forgot ${removed} host key${removed > 1 ? 's' : ''} of ${target}.\n`);
      }),
    );
}

export function registerIntegrations(program: Command, ctx: CliContext): void {
  const integrations = program.command('integrations').description('Integrations: connections to APIs, their tests and actions');

  integrations
    .command('plugins')
    .description('List the installed integrations and their versions')
    .option('--json', 'print machine-readable JSON')
    .action((options: { json?: boolean }) =>
      withHostClient(ctx, {}, async (client) => {
        const plugins = await client.call('integrations.plugins', {});
        if (options.json) return ctx.printJson(plugins.map(({ id, name, versions, category, actions }) => ({ id, name, versions, category, actions: actions.map((action) => action.id) })));
        for (const plugin of plugins) ctx.io.out(`${plugin.id.padEnd(20)} ${plugin.versions.join(', ').padEnd(16)} ${plugin.name}\n`);
      }),
    );

  integrations
    .command('list')
    .description('List connections with their status and last response time (never their secrets)')
    .option('--json', 'print machine-readable JSON')
    .action((options: { json?: boolean }) =>
      withHostClient(ctx, {}, async (client) => {
        const connections = await client.call('integrations.connections.list', {});
        if (options.json) return ctx.printJson(connections);
        if (connections.length === 0) return ctx.io.out('No connections yet: create them on the Integrations page.\n');
        for (const connection of connections) {
          const time = connection.lastResponseMs === null ? '' : `${Math.round(connection.lastResponseMs)} ms`;
          ctx.io.out(`${connection.name.padEnd(28)} ${`${connection.pluginId}@${connection.pluginVersion}`.padEnd(24)} ${connection.status.padEnd(13)} ${time}\n`);
        }
      }),
    );

  integrations
    .command('test <connection>')
    .description('Run the health check of a connection (by name or id); exit code 1 when it fails')
    .option('--json', 'print machine-readable JSON')
    .option('--accept-host-key <fingerprint>', "SSH: trust the server's host key if it has this fingerprint (check it with the server's administrator first)")
    .action((nameOrId: string, options: { json?: boolean; acceptHostKey?: string }) =>
      // A connection's credentials live in the vault.
      withHostClient(ctx, { vault: 'ask' }, async (client) => {
        const connection = await findConnection(client, nameOrId);
        if (options.acceptHostKey) {
          const hop = await client.call('ssh.hostKeys.trust', { connectionId: connection.id, fingerprint: options.acceptHostKey });
          ctx.io.err(`Trusted the ${hop.keyLabel} host key ${hop.fingerprint} of ${hop.host}:${hop.port}.\n`);
        }
        const result = await client.call('integrations.connections.test', { id: connection.id });
        if (options.json) ctx.printJson(result);
        if (!result.ok) throw new EchelonError('unavailable', `${connection.name}: the test failed after ${Math.round(result.responseMs)} ms: ${result.error}`);
        if (!options.json) ctx.io.out(`${connection.name}: connected, answered in ${Math.round(result.responseMs)} ms\n`);
      }),
    );

  registerHostKeys(integrations, ctx);

  integrations
    .command('run <plugin> <action>')
    .description('Run an action of a pinned integration version, e.g. `run rest@1.0.0 request --params \'{"url":"https://example.com"}\'`')
    .option('--params <json>', 'the action parameters as a JSON object', '{}')
    .option('--connection <connection>', 'the connection to run it on (name or id)')
    .option('--idempotency-key <key>', 'sent to the API as Idempotency-Key')
    .action((pluginAtVersion: string, actionId: string, options: { params: string; connection?: string; idempotencyKey?: string }) =>
      withHostClient(ctx, { vault: options.connection ? 'ask' : undefined }, async (client) => {
        const match = /^([a-z][a-z0-9-]*)@(\d+\.\d+\.\d+)$/.exec(pluginAtVersion);
        if (!match) throw new UsageError(`"${pluginAtVersion}" must name a plugin and its version, such as github@2.0.0 (\`echelon integrations plugins\` lists them).`);
        const params = parseParams(options.params);
        const connectionId = options.connection ? (await findConnection(client, options.connection)).id : undefined;
        const result = await client.call('integrations.actions.run', { pluginId: match[1]!, version: match[2]!, actionId, params, connectionId, idempotencyKey: options.idempotencyKey });
        ctx.printJson(result.output);
      }),
    );
}
