import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const RpcConnection = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).meta({ title: 'RPC URL', description: 'An Ethereum-compatible JSON-RPC endpoint (a node, or a provider such as Infura or Alchemy).' }),
});

const Address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'An address is 0x followed by 40 hex digits');
const HexData = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, 'Data is 0x followed by an even number of hex digits');
export const BlockTag = z
  .union([z.enum(['latest', 'earliest', 'pending', 'safe', 'finalized']), z.string().regex(/^0x[0-9a-fA-F]+$/), z.number().int().min(0)])
  .default('latest');

export const BalanceParams = z.object({ address: Address, block: BlockTag });
export const CallParams = z.object({ to: Address, data: HexData, from: Address.optional(), value: z.string().regex(/^\d+$/, 'Wei as a decimal string').optional(), block: BlockTag });

export default definePlugin({
  id: 'ethereum-rpc',
  name: 'Ethereum JSON-RPC',
  version: '1.0.0',
  description: 'Read chain data from any Ethereum-compatible node: block number, balances, contract calls.',
  category: 'Blockchain',
  icon: 'blocks',
  type: 'api',
  auth: [{ type: 'none' }, { type: 'api_key', in: 'header', name: 'X-API-Key' }, { type: 'bearer' }, { type: 'basic' }],
  connection: RpcConnection,
  healthCheck: { action: 'chainId' },
  actions: [
    { id: 'chainId', name: 'Chain ID', description: 'eth_chainId.', parameters: z.object({}), sideEffects: false },
    { id: 'blockNumber', name: 'Block number', description: 'eth_blockNumber: the latest block.', parameters: z.object({}), sideEffects: false },
    { id: 'getBalance', name: 'Balance', description: 'eth_getBalance: an address\'s balance in wei and ether.', parameters: BalanceParams, sideEffects: false },
    { id: 'call', name: 'Call a contract', description: 'eth_call: run a read-only call and return its raw result.', parameters: CallParams, sideEffects: false },
  ],
  triggers: [],
});
