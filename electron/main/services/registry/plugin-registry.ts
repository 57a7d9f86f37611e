import { describePlugin, type PluginInfo, type PluginManifest } from '../../../../shared/integrations/manifest';

/**
 * The code half of a plugin (`integrations/<id>/<version>/plugin.ts`), loaded only when first
 * used. Its shape (action handlers, trigger handlers) is defined by the services that run it.
 */
export type PluginModule = Record<string, unknown>;

type ModuleLoader = () => Promise<PluginModule>;

export interface PluginSources {
  manifests: Record<string, PluginManifest>;
  modules: Record<string, ModuleLoader>;
}

/** Compares MAJOR.MINOR.PATCH numerically. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/**
 * Every plugin in the repository's `integrations/` folder, discovered by the bundler at build
 * time. Outside a bundler (a script run with tsx) there is no `import.meta.glob`: no plugins,
 * unless the caller passes its own sources.
 */
export function bundledPluginSources(): PluginSources {
  try {
    const manifests = import.meta.glob<PluginManifest>('../../../../integrations/*/*/manifest.ts', { eager: true, import: 'default' });
    const modules = import.meta.glob<PluginModule>('../../../../integrations/*/*/plugin.ts');
    return { manifests, modules };
  } catch {
    // Not bundled (plain Node with a TypeScript loader, as benchmarks run): see `diskPluginSources`.
    return { manifests: {}, modules: {} };
  }
}

/**
 * Discovers plugins at start (manifests only) and loads their code lazily. Several versions
 * of one plugin coexist; a workflow names the version it was built with.
 */
export class PluginRegistry {
  private readonly byId = new Map<string, Map<string, { manifest: PluginManifest; load?: ModuleLoader }>>();
  private readonly loaded = new Map<string, Promise<PluginModule>>();

  constructor(sources: PluginSources = bundledPluginSources()) {
    for (const [file, manifest] of Object.entries(sources.manifests)) {
      const folder = file.replace(/manifest\.ts$/, '');
      const [id, version] = folder.split('/').filter(Boolean).slice(-2);
      if (manifest.id !== id || manifest.version !== version) {
        throw new Error(`Plugin folder ${folder} holds ${manifest.id}@${manifest.version}: the folder must be integrations/<id>/<version>/.`);
      }
      const versions = this.byId.get(manifest.id) ?? new Map();
      versions.set(manifest.version, { manifest, load: sources.modules[`${folder}plugin.ts`] });
      this.byId.set(manifest.id, versions);
    }
  }

  ids(): string[] {
    return [...this.byId.keys()].sort();
  }

  versions(id: string): string[] {
    return [...(this.byId.get(id)?.keys() ?? [])].sort(compareVersions);
  }

  /** A given version, or the newest when none is named. */
  manifest(id: string, version?: string): PluginManifest | undefined {
    const versions = this.byId.get(id);
    if (!versions) return undefined;
    return versions.get(version ?? this.versions(id).at(-1)!)?.manifest;
  }

  /** Newest version of every plugin, as plain JSON for the renderer. */
  describeAll(): PluginInfo[] {
    return this.ids().map((id) => describePlugin(this.manifest(id)!, this.versions(id)));
  }

  /** The plugin's code, imported on first use and cached. */
  load(id: string, version: string): Promise<PluginModule> {
    const key = `${id}@${version}`;
    let module = this.loaded.get(key);
    if (!module) {
      const load = this.byId.get(id)?.get(version)?.load;
      if (!load) return Promise.reject(new Error(`Plugin ${key} has no code (integrations/${id}/${version}/plugin.ts).`));
      module = load();
      this.loaded.set(key, module);
    }
    return module;
  }
}
