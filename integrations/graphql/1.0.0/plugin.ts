import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import { expectOk } from '../../../shared/integrations/http-errors';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { GraphqlConnection, GraphqlQueryParams } from './manifest';

type Context = ActionContext<z.output<typeof GraphqlConnection>>;
interface GraphqlError {
  message: string;
  path?: (string | number)[];
}
interface GraphqlResult {
  data?: Record<string, unknown> | null;
  errors?: GraphqlError[];
}

function describeErrors(errors: GraphqlError[]): string {
  return errors.map((error) => (error.path ? `${error.message} (at ${error.path.join('.')})` : error.message)).join('; ');
}

async function execute(ctx: Context, document: string, variables: Record<string, unknown>, operationName?: string): Promise<GraphqlResult> {
  const config = ctx.connection?.config;
  if (!config) throw new EchelonError('invalid_input', 'GraphQL needs a connection with its endpoint.');
  const response = await ctx.request({
    method: 'POST',
    url: config.endpoint,
    headers: { ...config.headers, accept: 'application/graphql-response+json, application/json' },
    body: { type: 'json', value: { query: document, variables, ...(operationName ? { operationName } : {}) } },
  });
  // GraphQL over HTTP answers 4xx with a JSON body that still lists the errors; read them first.
  const result = response.body as GraphqlResult | null;
  if (result && typeof result === 'object' && Array.isArray(result.errors) && !result.data) {
    throw new EchelonError('invalid_input', `The GraphQL query failed: ${describeErrors(result.errors)}`);
  }
  expectOk(response, 'The GraphQL request');
  if (!result || typeof result !== 'object') throw new EchelonError('unavailable', 'The GraphQL endpoint did not answer with JSON.');
  return result;
}

export default defineIntegrationCode({
  actions: {
    async query(params: z.output<typeof GraphqlQueryParams>, ctx: Context) {
      const result = await execute(ctx, params.query, params.variables, params.operationName);
      if (result.errors?.length && !params.allowPartial) throw new EchelonError('invalid_input', `The GraphQL query failed: ${describeErrors(result.errors)}`);
      return { data: result.data ?? null, errors: result.errors ?? [] };
    },
    async ping(_params: Record<string, never>, ctx: Context) {
      const result = await execute(ctx, 'query EchelonPing { __typename }', {});
      return { typename: result.data?.__typename ?? null };
    },
  },
});
