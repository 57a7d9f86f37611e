import {
  ArrowRight,
  Bell,
  BellRing,
  Blocks,
  Brain,
  CircleCheck,
  Clock,
  Code,
  Folder,
  GitBranch,
  GitFork,
  Globe,
  Hourglass,
  Merge,
  MessageSquare,
  Pencil,
  Play,
  Plug,
  Repeat,
  Server,
  Share2,
  Split,
  SquareTerminal,
  TriangleAlert,
  Webhook,
  Workflow,
  Wrench,
  type LucideIcon,
} from 'lucide-react';

/**
 * The lucide icons plugin manifests name (integrations and node types); an unknown name falls
 * back to a plug. Listed rather than looked up, so the bundle keeps only these.
 */
const ICONS: Record<string, LucideIcon> = {
  'arrow-right': ArrowRight,
  bell: Bell,
  'bell-ring': BellRing,
  blocks: Blocks,
  brain: Brain,
  'check-circle': CircleCheck,
  clock: Clock,
  code: Code,
  folder: Folder,
  'git-branch': GitBranch,
  'git-fork': GitFork,
  globe: Globe,
  hourglass: Hourglass,
  merge: Merge,
  'message-square': MessageSquare,
  pencil: Pencil,
  play: Play,
  plug: Plug,
  repeat: Repeat,
  server: Server,
  'share-2': Share2,
  split: Split,
  terminal: SquareTerminal,
  'triangle-alert': TriangleAlert,
  webhook: Webhook,
  workflow: Workflow,
  wrench: Wrench,
};

export function PluginIcon({ name, size = 20 }: { name: string; size?: number }) {
  const Icon = ICONS[name] ?? Plug;
  return (
    <span className="plugin-icon" aria-hidden>
      <Icon size={size} />
    </span>
  );
}
