import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import { expectOk } from '../../../shared/integrations/http-errors';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { BalanceParams, BlockTag, CallParams, RpcConnection } from './manifest';

type Context = ActionContext<z.output<typeof RpcConnection>>;

interface RpcReply {
  jsonrpc: '2.0';
  id: number;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

let nextId = 1;

/** One JSON-RPC 2.0 call; a JSON-RPC error object becomes an error naming its code and message. */
async function rpc(ctx: Context, method: string, params: unknown[]): Promise<unknown> {
  const url = ctx.connection?.config.baseUrl;
  if (!url) throw new EchelonError('invalid_input', 'Ethereum JSON-RPC needs a connection with its RPC URL.');
  const id = nextId++;
  const response = expectOk(await ctx.request({ method: 'POST', url, body: { type: 'json', value: { jsonrpc: '2.0', id, method, params } } }), `${method}`);
  const reply = response.body as RpcReply;
  if (!reply || typeof reply !== 'object' || reply.jsonrpc !== '2.0') throw new EchelonError('unavailable', `${method}: the server did not answer with JSON-RPC 2.0.`);
  if (reply.error) {
    const data = typeof reply.error.data === 'string' ? ` (${reply.error.data})` : '';
    const code = reply.error.code === -32602 || reply.error.code === -32600 || reply.error.code === 3 ? 'invalid_input' : reply.error.code === -32601 ? 'not_found' : 'unavailable';
    throw new EchelonError(code, `${method} failed: ${reply.error.message} [${reply.error.code}]${data}`);
  }
  return reply.result;
}

function quantity(value: unknown, method: string): bigint {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]+$/.test(value)) throw new EchelonError('unavailable', `${method} returned ${JSON.stringify(value)}, not a hex quantity.`);
  return BigInt(value);
}

const blockParam = (block: z.output<typeof BlockTag>) => (typeof block === 'number' ? `0x${block.toString(16)}` : block);

/** Wei as ether, exactly (no floating point): 1500000000000000000 → "1.5". */
export function formatEther(wei: bigint): string {
  const negative = wei < 0n;
  const abs = negative ? -wei : wei;
  const whole = abs / 10n ** 18n;
  const fraction = (abs % 10n ** 18n).toString().padStart(18, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

export default defineIntegrationCode({
  actions: {
    async chainId(_params: Record<string, never>, ctx: Context) {
      const hex = (await rpc(ctx, 'eth_chainId', [])) as string;
      return { chainId: Number(quantity(hex, 'eth_chainId')), hex };
    },
    async blockNumber(_params: Record<string, never>, ctx: Context) {
      const hex = (await rpc(ctx, 'eth_blockNumber', [])) as string;
      return { blockNumber: Number(quantity(hex, 'eth_blockNumber')), hex };
    },
    async getBalance(params: z.output<typeof BalanceParams>, ctx: Context) {
      const hex = (await rpc(ctx, 'eth_getBalance', [params.address, blockParam(params.block)])) as string;
      const wei = quantity(hex, 'eth_getBalance');
      return { address: params.address, wei: wei.toString(), ether: formatEther(wei), hex };
    },
    async call(params: z.output<typeof CallParams>, ctx: Context) {
      const transaction: Record<string, string> = { to: params.to, data: params.data };
      if (params.from) transaction.from = params.from;
      if (params.value) transaction.value = `0x${BigInt(params.value).toString(16)}`;
      const result = await rpc(ctx, 'eth_call', [transaction, blockParam(params.block)]);
      if (typeof result !== 'string') throw new EchelonError('unavailable', `eth_call returned ${JSON.stringify(result)}, not hex data.`);
      return { result };
    },
  },
});
