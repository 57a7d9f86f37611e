import { z } from 'zod';
import { ErrorBody, ROUTES, type Route } from './rest-routes';

export const API_BASE = '/api/v1';

function jsonSchema(type: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(type, { unrepresentable: 'any', io }) as Record<string, unknown>;
  return schema;
}

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });

/** `/agents/:id` as OpenAPI writes it: `/agents/{id}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

function operation(route: Route) {
  const parameters = [
    ...Object.entries(route.params ?? {}).map(([name, description]) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } })),
    ...Object.entries(route.query?.shape ?? {}).map(([name, field]) => {
      const schema = jsonSchema(field as z.ZodType, 'input');
      const { description, ...rest } = schema;
      return { name, in: 'query', required: false, ...(description ? { description } : {}), schema: rest };
    }),
  ];
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: json(jsonSchema(route.body, 'input')) } } : {}),
    responses: {
      [String(route.status ?? 200)]: { description: route.summary, content: json(jsonSchema(route.response, 'output')) },
      default: { description: 'An error: its code, and a sentence saying what to do.', content: json(jsonSchema(ErrorBody, 'output')) },
    },
  };
}

/** The OpenAPI 3.1 description of `/api/v1`, generated from the routes and the contract's zod schemas. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Echelon API',
      version,
      description: 'AI agents and their tasks in a running Echelon (`echelon serve` or the desktop app), on 127.0.0.1.',
    },
    servers: [{ url: API_BASE }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The token `echelon serve` prints in its URL (or ECHELON_SERVE_TOKEN).' } } },
    paths,
  };
}
