import type { z } from 'zod';
import { main, NodeError, type JsonObject, type NodePlugin } from '../../../electron/main/services/engine/node-api';
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
        case 'binary': {
          const first = ctx.input[0];
          const property = params.inputFieldName || Object.keys(first?.binary ?? {})[0];
          if (!first?.binary || !property) throw new NodeError('No binary data exists on the first item!', 'binary_missing', true);
          const ref = first.binary[property];
          if (!ref) throw new NodeError(`The first item has no binary property "${property}": name the property holding the file.`, 'binary_missing', true);
          body = ctx.services.readBinary(ref);
          headers['content-type'] ??= ref.mimeType;
          break;
        }
        case 'redirect':
          if (!params.redirectURL) throw new NodeError('Set the URL to redirect to.', 'invalid_parameters', true);
          headers.location = params.redirectURL;
          break;
      }
      // A redirect answers 307 unless another code is set, as n8n's.
      const status = params.respondWith === 'redirect' && params.responseCode === 200 ? 307 : params.responseCode;
      ctx.services.respondToWebhook({ status, headers, body });
      return main(ctx.input);
    },
  },
};
