import { Activity, BellRing, Blocks, Bot, Cpu, FileText, KeyRound, LayoutDashboard, Server, Settings, Users, Workflow, type LucideIcon } from 'lucide-react';
import type { Page } from '../../../shared/contract';

export interface PageEntry {
  page: Page;
  label: string;
  icon: LucideIcon;
}

/** Sidebar order; Ctrl/Cmd + position (1–9) opens a page, as in the desktop menu. */
export const PAGES: readonly PageEntry[] = [
  { page: 'dashboard', label: 'Dashboard', icon: LayoutDashboard },
  { page: 'agents', label: 'Agents', icon: Bot },
  { page: 'workflows', label: 'Workflows', icon: Workflow },
  { page: 'mcp', label: 'MCP Servers', icon: Server },
  { page: 'integrations', label: 'Integrations', icon: Blocks },
  { page: 'executions', label: 'Executions', icon: Activity },
  { page: 'vault', label: 'Vault', icon: KeyRound },
  { page: 'team', label: 'Team', icon: Users },
  { page: 'settings', label: 'Settings', icon: Settings },
  { page: 'alerts', label: 'Alerts', icon: BellRing },
  { page: 'logs', label: 'Logs', icon: FileText },
  { page: 'workers', label: 'Workers', icon: Cpu },
];
