import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginManifest } from '../../../../shared/integrations/manifest';
import type { PluginModule, PluginSources } from './plugin-registry';

/**
 * Plugins read from an `integrations/` folder at run time, for code that runs unbundled under
 * a TypeScript loader (benchmarks); bundles use `bundledPluginSources`.
 */
export async function diskPluginSources(root: string): Promise<PluginSources> {
  const manifests: Record<string, PluginManifest> = {};
  const modules: Record<string, () => Promise<PluginModule>> = {};
  for (const id of fs.readdirSync(root)) {
    const pluginDir = path.join(root, id);
    if (!fs.statSync(pluginDir).isDirectory()) continue;
    for (const version of fs.readdirSync(pluginDir)) {
      const folder = path.join(pluginDir, version);
      const manifestFile = path.join(folder, 'manifest.ts');
      if (!fs.existsSync(manifestFile)) continue;
      const key = `/integrations/${id}/${version}/`;
      manifests[`${key}manifest.ts`] = ((await import(pathToFileURL(manifestFile).href)) as { default: PluginManifest }).default;
      const pluginFile = path.join(folder, 'plugin.ts');
      if (fs.existsSync(pluginFile)) modules[`${key}plugin.ts`] = () => import(pathToFileURL(pluginFile).href) as Promise<PluginModule>;
    }
  }
  return { manifests, modules };
}
