import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const GraphqlConnection = z.object({
  endpoint: z.url({ protocol: /^https?$/ }).meta({ title: 'Endpoint', description: 'The GraphQL endpoint, e.g. https://api.example.com/graphql.' }),
  headers: z.record(z.string(), z.string()).meta({ title: 'Extra headers' }).default({}),
});

export const GraphqlQueryParams = z.object({
  query: z.string().min(1).meta({ description: 'A GraphQL query or mutation document.' }),
  variables: z.record(z.string(), z.unknown()).default({}),
  operationName: z.string().optional(),
  /** Return `errors` beside partial `data` instead of failing. */
  allowPartial: z.boolean().default(false),
});

export default definePlugin({
  id: 'graphql',
  name: 'GraphQL',
  version: '1.0.0',
  description: 'Run queries and mutations against any GraphQL endpoint over HTTP.',
  category: 'Developer tools',
  icon: 'share-2',
  type: 'api',
  auth: [
    { type: 'none' },
    { type: 'bearer' },
    { type: 'api_key', in: 'header', name: 'X-API-Key' },
    { type: 'basic' },
    { type: 'oauth2', flows: ['authorization_code', 'client_credentials'], scopes: [] },
  ],
  connection: GraphqlConnection,
  healthCheck: { action: 'ping' },
  actions: [
    { id: 'query', name: 'Query', description: 'Run a query or mutation and return its data.', parameters: GraphqlQueryParams },
    { id: 'ping', name: 'Ping', description: 'Ask the endpoint for `{ __typename }`.', parameters: z.object({}), sideEffects: false },
  ],
  triggers: [],
});
