import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { prepareSchema } from '../../../renderer/src/components/schema-form/prepare-schema';
import { HttpParameters } from '../../../integrations/http-request/1.0.0/manifest';

describe('generated node parameter forms', () => {
  it('give a PEM field a text area and keep its title', () => {
    const { schema, uiSchema } = prepareSchema(z.toJSONSchema(HttpParameters, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>);
    expect((schema.properties as Record<string, { title: string }>).caCertificate?.title).toBe('CA certificate (PEM)');
    expect(uiSchema.caCertificate).toEqual({ 'ui:widget': 'textarea', 'ui:options': { rows: 4 } });
    expect(uiSchema.url).toBeUndefined();
  });
});
