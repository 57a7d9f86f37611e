// The least an MCP proxy built on the official SDK can do: a stdio server that forwards every
// tools/list and tools/call to one downstream server through an SDK client. The gateway bench
// sets Echelon's gateway beside it, so the cost of proxying itself is visible.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const downstream = process.argv[2] ?? '';
const client = new Client({ name: 'sdk-proxy', version: '1' });
await client.connect(new StdioClientTransport({ command: process.execPath, args: [downstream], stderr: 'ignore' }));

const server = new Server({ name: 'sdk-proxy', version: '1' }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, () => client.listTools());
server.setRequestHandler(CallToolRequestSchema, (request) => client.callTool(request.params));
await server.connect(new StdioServerTransport());
