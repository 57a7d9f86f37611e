import type { ConnectionStatus, GalleryEntry, GalleryType } from '../../../../../shared/contract';
import { toDisposable, type Disposable } from '../../../../../shared/lifecycle/disposable';
import type { PluginRegistry } from '../../registry/plugin-registry';
import type { ConnectionRepository } from '../connections/connection-repository';

/** Something that contributes gallery tiles: the API integrations here, MCP servers from their service. */
export interface GallerySource {
  entries(): GalleryEntry[];
}

export interface GalleryQuery {
  search: string;
  category?: string;
  type: 'all' | GalleryType;
}

/** Most telling first: a tile shows an error before it shows "connected". */
const STATUS_ORDER: readonly ConnectionStatus[] = ['error', 'testing', 'configuring', 'connected', 'disconnected'];

export function summarizeStatuses(statuses: readonly ConnectionStatus[]): Pick<GalleryEntry, 'connections' | 'connected' | 'status'> {
  const status = STATUS_ORDER.find((candidate) => statuses.includes(candidate)) ?? null;
  return { connections: statuses.length, connected: statuses.some((candidate) => candidate !== 'disconnected'), status };
}

/** The installed API integrations (newest version of each) with their connections' state. */
export function apiGallerySource(registry: PluginRegistry, connections: ConnectionRepository): GallerySource {
  return {
    entries() {
      const byPlugin = new Map<string, ConnectionStatus[]>();
      for (const connection of connections.list()) byPlugin.set(connection.pluginId, [...(byPlugin.get(connection.pluginId) ?? []), connection.status]);
      // Manifests only (no parameter schemas to generate): the gallery is queried as people type.
      return registry
        .ids()
        .map((id) => registry.manifest(id)!)
        .filter((plugin) => plugin.type === 'api')
        .map((plugin) => ({
          key: `api:${plugin.id}`,
          type: 'api' as const,
          id: plugin.id,
          name: plugin.name,
          description: plugin.description,
          category: plugin.category,
          icon: plugin.icon,
          versions: registry.versions(plugin.id),
          ...summarizeStatuses(byPlugin.get(plugin.id) ?? []),
        }));
    },
  };
}

function matches(entry: GalleryEntry, terms: readonly string[]): boolean {
  const haystack = `${entry.name} ${entry.id} ${entry.description} ${entry.category}`.toLowerCase();
  return terms.every((term) => haystack.includes(term));
}

/** The gallery: every source's tiles, searched and filtered, connected ones first. */
export class IntegrationGallery {
  private readonly sources = new Set<GallerySource>();

  add(source: GallerySource): Disposable {
    this.sources.add(source);
    return toDisposable(() => void this.sources.delete(source));
  }

  query(query: GalleryQuery): { entries: GalleryEntry[]; categories: string[] } {
    const all = [...this.sources].flatMap((source) => source.entries());
    const ofType = query.type === 'all' ? all : all.filter((entry) => entry.type === query.type);
    const categories = [...new Set(ofType.map((entry) => entry.category))].sort((a, b) => a.localeCompare(b));
    const terms = query.search.toLowerCase().split(/\s+/).filter(Boolean);
    const entries = ofType
      .filter((entry) => !query.category || entry.category === query.category)
      .filter((entry) => matches(entry, terms))
      .sort((a, b) => Number(b.connected) - Number(a.connected) || b.connections - a.connections || a.name.localeCompare(b.name));
    return { entries, categories };
  }
}
