import type { z } from 'zod';
import { main, type JsonObject, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import type { RespondParameters } from './manifest';

export const nodes: NodePlugin['nodes'] = {
  /** The request as n8n's webhook node gives it: headers, params, query, body. */
  trigger: {
    run(ctx) {
      const payload = (ctx.execution.payload ?? {}) as JsonObject;
      return main([{ json: { headers: {}, params: {}, query: {}, body: {}, ...payload, executionMode: 'production' } }]);
    },
  },
  respond: {
    run(ctx) {
      const params = ctx.params<z.infer<typeof RespondParameters>>();
      const headers: Record<string, string> = {};
      for (const header of params.responseHeaders) headers[header.name.toLowerCase()] = header.value;
      let body: unknown;
      switch (params.respondWith) {
        case 'allIncomingItems':
          body = ctx.input.map((item) => item.json);
          break;
        case 'firstIncomingItem':
          body = ctx.input[0]?.json ?? {};
          break;
        case 'json':
          body = typeof params.responseBody === 'string' ? JSON.parse(params.responseBody || 'null') : params.responseBody;
          break;
        case 'text':
          body = String(params.responseBody ?? '');
          headers['content-type'] ??= 'text/plain; charset=utf-8';
          break;
        case 'noData':
          body = undefined;
          break;
      }
      ctx.services.respondToWebhook({ status: params.responseCode, headers, body });
      return main(ctx.input);
    },
  },
};
