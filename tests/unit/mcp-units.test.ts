import fs from 'node:fs';
import path from 'node:path';
import type { RJSFSchema } from '@rjsf/utils';
import { describe, expect, it } from 'vitest';
import { resolveCommand } from '../../electron/main/services/mcp/command-resolver';
import { splitGatewayToolName, gatewayToolName } from '../../electron/main/services/mcp/gateway-tools';
import { mergePaths } from '../../electron/main/services/mcp/login-shell-path';
import { looksSecret, secretNameFor, splitAuthScheme } from '../../electron/main/services/mcp/secret-policy';
import { jsonSchemaValidator } from '../../renderer/src/components/schema-form/json-schema-validator';
import { ServerName } from '../../shared/contract';
import { tempDir } from '../helpers/temp-dir';

describe('secret-looking names', () => {
  it('flags credentials and leaves ordinary settings alone', () => {
    for (const name of ['GITHUB_PERSONAL_ACCESS_TOKEN', 'OPENAI_API_KEY', 'DB_PASSWORD', 'X-Api-Key', 'Authorization', 'SLACK_BOT_TOKEN', 'CLIENT_SECRET', 'APIKEY']) {
      expect(looksSecret(name), name).toBe(true);
    }
    for (const name of ['PATH', 'PWD', 'DEBUG', 'LOG_LEVEL', 'HOME', 'KEYBOARD_LAYOUT', 'X-Team']) expect(looksSecret(name), name).toBe(false);
  });

  it('names vault records after the server and the key, and keeps an auth scheme out of the secret', () => {
    expect(secretNameFor('github', 'GITHUB_TOKEN')).toBe('GITHUB_TOKEN');
    expect(secretNameFor('brave-search', 'API_KEY')).toBe('BRAVE_SEARCH_API_KEY');
    expect(secretNameFor('9lives', 'token')).toBe('_9LIVES_TOKEN');
    expect(splitAuthScheme('Bearer abc.def')).toEqual({ prefix: 'Bearer ', secret: 'abc.def' });
    expect(splitAuthScheme('raw-key')).toEqual({ prefix: '', secret: 'raw-key' });
  });
});

describe('gateway tool names', () => {
  it('joins and splits server__tool at the first separator', () => {
    expect(gatewayToolName('github', 'create_issue')).toBe('github__create_issue');
    expect(splitGatewayToolName('github__create__issue')).toEqual({ server: 'github', tool: 'create__issue' });
    expect(splitGatewayToolName('__tool')).toBeUndefined();
    expect(splitGatewayToolName('server__')).toBeUndefined();
  });

  it('refuses server names that would make the split ambiguous', () => {
    expect(ServerName.safeParse('my_server').success).toBe(true);
    expect(ServerName.safeParse('my__server').success).toBe(false);
    expect(ServerName.safeParse('server_').success).toBe(false);
    expect(ServerName.safeParse('has space').success).toBe(false);
  });
});

describe('finding commands', () => {
  const noLoginShell = async () => undefined;

  it('finds the .cmd shim of npx on Windows through PATHEXT', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'npx.cmd'), '@echo off');
    const resolved = await resolveCommand('npx', { cwd: dir, pathValue: `C:\\missing;${dir}`, platform: 'win32', pathExt: '.COM;.EXE;.BAT;.CMD', loginShellPath: noLoginShell });
    expect(resolved.file).toBe(path.join(dir, 'npx.cmd'));
  });

  it('takes a relative path from the working directory and explains a non-executable file', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'server.sh'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'plain.txt'), '');
    expect((await resolveCommand('./server.sh', { cwd: dir, pathValue: '', loginShellPath: noLoginShell })).file).toBe(path.join(dir, 'server.sh'));
    await expect(resolveCommand('./plain.txt', { cwd: dir, pathValue: '', loginShellPath: noLoginShell })).rejects.toThrow(/is not an executable file: check its permissions/);
    await expect(resolveCommand('./absent', { cwd: dir, pathValue: '', loginShellPath: noLoginShell })).rejects.toThrow(/does not exist/);
  });

  it('says which PATH it searched when the login shell cannot be asked', async () => {
    await expect(resolveCommand('uvx', { cwd: '/', pathValue: '/usr/bin:/bin', platform: 'linux', loginShellPath: noLoginShell })).rejects.toThrow(
      'Cannot find "uvx": searched PATH /usr/bin:/bin (your login shell could not be asked for its PATH). Install it, or set the command to its absolute path.',
    );
  });

  it('merges PATHs, the login shell first, without duplicates', () => {
    expect(mergePaths('/opt/node/bin:/usr/bin', '/usr/bin:/bin', ':')).toBe('/opt/node/bin:/usr/bin:/bin');
  });
});

describe('the form validator (no eval: it runs under the UI content security policy)', () => {
  const schema: RJSFSchema = {
    type: 'object',
    properties: { message: { type: 'string' }, count: { type: 'integer', minimum: 1 }, tags: { type: 'array', items: { type: 'string' } } },
    required: ['message'],
  };

  it('files errors under the fields they concern', () => {
    const { errors, errorSchema } = jsonSchemaValidator.validateFormData({ count: 0, tags: ['a', 3] }, schema);
    expect(errors.map((error) => error.property).sort()).toEqual(['.count', '.message', '.tags.1']);
    expect(errorSchema).toMatchObject({ message: { __errors: ['is required'] }, tags: { 1: { __errors: ['must be a string'] } } });
  });

  it('accepts valid data and answers isValid for sub-schemas with references', () => {
    expect(jsonSchemaValidator.validateFormData({ message: 'hi', count: 2 }, schema).errors).toEqual([]);
    const root: RJSFSchema = { type: 'object', definitions: { name: { type: 'string', minLength: 2 } }, properties: { name: { $ref: '#/definitions/name' } } };
    expect(jsonSchemaValidator.isValid({ $ref: '#/definitions/name' }, 'ab', root)).toBe(true);
    expect(jsonSchemaValidator.isValid({ $ref: '#/definitions/name' }, 'a', root)).toBe(false);
  });
});
