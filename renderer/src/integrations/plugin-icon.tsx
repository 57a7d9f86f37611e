import { Blocks, Brain, Folder, GitBranch, Globe, MessageSquare, Plug, Server, Share2, type LucideIcon } from 'lucide-react';

/** The lucide icons manifests name; an unknown name falls back to a plug. Listed, so the bundle keeps only these. */
const ICONS: Record<string, LucideIcon> = {
  globe: Globe,
  'share-2': Share2,
  'git-branch': GitBranch,
  'message-square': MessageSquare,
  brain: Brain,
  blocks: Blocks,
  server: Server,
  folder: Folder,
  plug: Plug,
};

export function PluginIcon({ name, size = 20 }: { name: string; size?: number }) {
  const Icon = ICONS[name] ?? Plug;
  return (
    <span className="plugin-icon" aria-hidden>
      <Icon size={size} />
    </span>
  );
}
