import { str, V, type Mapper } from './map-helpers';

/** n8n's core nodes that act on the host: Execute Command → the `execute-command` plugin. */

const executeCommand: Mapper = (_n8n, params) => ({
  type: 'execute-command.run',
  version: V,
  parameters: { command: str(params.command), executeOnce: params.executeOnce !== false },
  outputs: ['main'],
});

export const CORE_MAPPERS: Record<string, Mapper> = {
  'n8n-nodes-base.executeCommand': executeCommand,
};
