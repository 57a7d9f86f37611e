import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PluginRegistry } from '../../electron/main/services/registry/plugin-registry';
import { definePlugin, type PluginManifest } from '../../shared/integrations/manifest';

const manifest = (version: string, extra: Partial<PluginManifest> = {}): PluginManifest =>
  definePlugin({
    id: 'demo',
    name: 'Demo',
    version,
    description: 'A demo',
    category: 'Testing',
    icon: 'box',
    type: 'api',
    auth: [{ type: 'none' }],
    actions: [{ id: 'echo', name: 'Echo', description: 'Echo', parameters: z.object({ text: z.string().min(1) }) }],
    triggers: [],
    ...extra,
  });

describe('PluginRegistry', () => {
  it('keeps several versions side by side and loads code lazily, once', async () => {
    let loads = 0;
    const registry = new PluginRegistry({
      manifests: { '/x/integrations/demo/1.0.0/manifest.ts': manifest('1.0.0'), '/x/integrations/demo/1.10.0/manifest.ts': manifest('1.10.0') },
      modules: { '/x/integrations/demo/1.0.0/plugin.ts': async () => (loads++, { version: 'one' }) },
    });
    expect(registry.versions('demo')).toEqual(['1.0.0', '1.10.0']);
    expect(registry.manifest('demo')?.version).toBe('1.10.0');
    expect(registry.manifest('demo', '1.0.0')?.version).toBe('1.0.0');
    expect(loads).toBe(0);
    expect(await registry.load('demo', '1.0.0')).toEqual({ version: 'one' });
    await registry.load('demo', '1.0.0');
    expect(loads).toBe(1);
    await expect(registry.load('demo', '1.10.0')).rejects.toThrow('has no code');
  });

  it('describes manifests as JSON Schema for generated forms', () => {
    const registry = new PluginRegistry({ manifests: { 'integrations/demo/1.0.0/manifest.ts': manifest('1.0.0') }, modules: {} });
    const [info] = registry.describeAll();
    expect(info?.actions[0]?.parameters).toMatchObject({ type: 'object', properties: { text: { type: 'string', minLength: 1 } }, required: ['text'] });
    expect(info?.actions[0]).toMatchObject({ outputs: ['main'], sideEffects: true, recovery: 'retry' });
  });

  it('describes a connection\'s extra vault secrets and refuses a malformed one', () => {
    const registry = new PluginRegistry({ manifests: { 'integrations/demo/1.0.0/manifest.ts': manifest('1.0.0', { connectionSecrets: [{ id: 'webhookUrl', title: 'Webhook URL' }] }) }, modules: {} });
    expect(registry.describeAll()[0]?.connectionSecrets).toEqual([{ id: 'webhookUrl', title: 'Webhook URL', required: false }]);
    expect(() => manifest('1.0.0', { connectionSecrets: [{ id: 'web hook', title: 'x' }] })).toThrow('connection secret');
  });

  it('discovers the bundled integrations and node types, several versions of one side by side', () => {
    const registry = new PluginRegistry();
    const apis = registry.ids().filter((id) => registry.manifest(id)?.type === 'api');
    expect(apis).toEqual(['airtable', 'anthropic', 'discord', 'ethereum-rpc', 'github', 'gmail', 'google-calendar', 'google-docs', 'google-drive', 'google-sheets', 'graphql', 'imap', 'notion', 'openai-compatible', 'postgres', 'rest', 'rss', 'slack', 'smtp', 'ssh', 'supabase', 'telegram', 'twilio', 'whatsapp', 'wordpress']);
    expect(registry.ids()).toEqual(expect.arrayContaining(['manual', 'transform', 'if', 'code', 'mcp-tool', 'http-request']));
    expect(registry.versions('github')).toEqual(['1.0.0', '2.0.0']);
    for (const id of apis) for (const version of registry.versions(id)) expect(registry.manifest(id, version)?.healthCheck).toBeDefined();
  });

  it('refuses a manifest in the wrong folder or with a bad shape', () => {
    expect(() => new PluginRegistry({ manifests: { 'integrations/other/1.0.0/manifest.ts': manifest('1.0.0') }, modules: {} })).toThrow('must be integrations/<id>/<version>/');
    expect(() => manifest('1.0')).toThrow('MAJOR.MINOR.PATCH');
    expect(() => manifest('1.0.0', { healthCheck: { action: 'nope' } })).toThrow('healthCheck action "nope"');
  });
});
