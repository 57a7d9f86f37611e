import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { Page } from '../../../shared/contract';
import { openInBrowser } from './external-browser';

const pages: { page: Page; label: string }[] = [
  { page: 'dashboard', label: 'Dashboard' },
  { page: 'agents', label: 'Agents' },
  { page: 'workflows', label: 'Workflows' },
  { page: 'mcp', label: 'MCP Servers' },
  { page: 'integrations', label: 'Integrations' },
  { page: 'executions', label: 'Executions' },
  { page: 'vault', label: 'Vault' },
  { page: 'team', label: 'Team' },
  { page: 'settings', label: 'Settings' },
  { page: 'alerts', label: 'Alerts' },
  { page: 'logs', label: 'Logs' },
  { page: 'workers', label: 'Workers' },
];

/**
 * The app menu: standard roles plus Go > page with Ctrl/Cmd+1..9, matching the renderer's own
 * shortcuts. Toggle DevTools only where the launch settings allow DevTools.
 */
export function buildAppMenu(navigate: (page: Page) => void, options: { devTools: boolean }): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Settings…', accelerator: 'CmdOrCtrl+,', click: () => navigate('settings') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [{ role: 'reload' }, ...(options.devTools ? [{ role: 'toggleDevTools' as const }] : []), { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    {
      label: 'Go',
      submenu: pages.map(({ page, label }, index) => ({ label, accelerator: index < 9 ? `CmdOrCtrl+${index + 1}` : undefined, click: () => navigate(page) })),
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Model Context Protocol', click: () => void openInBrowser('https://modelcontextprotocol.io') }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
