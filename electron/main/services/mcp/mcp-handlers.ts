import type { Handlers } from '../../../../shared/rpc/router';
import type { McpService } from './mcp-service';

type McpMethod = Extract<keyof Handlers, `mcp.${string}`>;

/** The contract's `mcp.*` methods, each a thin call into the service. */
export function mcpHandlers(mcp: McpService): Pick<Handlers, McpMethod> {
  return {
    'mcp.servers.list': () => mcp.list(),
    'mcp.servers.overview': () => mcp.overview(),
    'mcp.servers.get': ({ name }) => mcp.get(name),
    'mcp.servers.add': ({ definition }) => mcp.add(definition),
    'mcp.servers.update': ({ name, changes }) => mcp.update(name, changes),
    'mcp.servers.remove': async ({ name }) => ({ removed: await mcp.remove(name) }),
    'mcp.servers.start': ({ name }) => mcp.start(name),
    'mcp.servers.stop': ({ name }) => mcp.stop(name),
    'mcp.servers.restart': ({ name }) => mcp.restart(name),
    'mcp.servers.logs': ({ name, search, limit }) => mcp.logs(name, limit, search),
    'mcp.servers.health': ({ name, limit }) => mcp.healthOf(name, limit),
    'mcp.catalog': ({ name }) => mcp.catalog(name),
    'mcp.tools.setEnabled': ({ server, tool, enabled }) => mcp.setToolEnabled(server, tool, enabled),
    'mcp.tools.call': (input, ctx) => mcp.callTool(input, ctx.caller, { signal: ctx.signal }),
    'mcp.calls.cancel': ({ callId }) => ({ cancelled: mcp.cancel(callId) }),
    'mcp.resources.read': ({ server, uri }) => mcp.readResource(server, uri),
    'mcp.prompts.get': ({ server, prompt, arguments: args }) => mcp.getPrompt(server, prompt, args),
    'mcp.journal.list': (filter) => mcp.journalList(filter),
    'mcp.import.candidates': () => mcp.importCandidates(),
    'mcp.import.preview': (source) => mcp.importPreview(source),
    'mcp.import.apply': (source) => mcp.importApply(source),
    'mcp.export': ({ target, entryName, merge }) => {
      const config = mcp.exportConfig(target, entryName, merge);
      return { config, json: `${JSON.stringify(config, null, 2)}\n` };
    },
    'mcp.gateway.info': () => mcp.gatewayInfo(),
  };
}
