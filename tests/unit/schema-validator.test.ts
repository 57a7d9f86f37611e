import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonSchemaValidator as validator } from '../../renderer/src/components/schema-form/json-schema-validator';
import { authFormSchema } from '../../shared/integrations/connection-auth';

const schema = z.toJSONSchema(
  z.object({ baseUrl: z.url().meta({ title: 'Base URL' }), retries: z.number().int().min(0).default(1), headers: z.record(z.string(), z.string()).default({}) }),
  { io: 'input' },
) as never;

describe('the renderer form validator (no eval)', () => {
  it('reports missing and malformed fields at their property paths', () => {
    const { errors, errorSchema } = validator.validateFormData({ retries: -1 }, schema);
    expect(errors.map((error: { property?: string; message?: string }) => [error.property, error.message])).toEqual(
      expect.arrayContaining([
        ['.baseUrl', 'is required'],
        ['.retries', expect.stringContaining('-1')],
      ]),
    );
    expect(errorSchema).toMatchObject({ baseUrl: { __errors: ['is required'] } });
    expect(validator.validateFormData({ baseUrl: 'not a url' }, schema).errors[0]).toMatchObject({ property: '.baseUrl', message: 'must be a valid uri' });
    expect(validator.validateFormData({ baseUrl: 'https://api.example.com' }, schema).errors).toEqual([]);
  });

  it('validates the auth forms the main process generates', () => {
    const bearer = z.toJSONSchema(authFormSchema({ type: 'bearer' }), { io: 'input' }) as never;
    expect(validator.isValid(bearer, { token: 'x' }, bearer)).toBe(true);
    expect(validator.isValid(bearer, {}, bearer)).toBe(false);
  });

  it('never compiles code, so it runs where eval is forbidden', () => {
    const original = globalThis.Function;
    globalThis.Function = (() => {
      throw new Error('eval is forbidden here');
    }) as unknown as FunctionConstructor;
    try {
      expect(validator.validateFormData({}, schema).errors.length).toBeGreaterThan(0);
    } finally {
      globalThis.Function = original;
    }
  });
});
