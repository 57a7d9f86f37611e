import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ImportFormat } from '../../../../shared/contract';
import { parseImport } from './config-import';

export interface ImportCandidate {
  path: string;
  format: ImportFormat;
  label: string;
  serverCount: number;
}

/** Where Claude Desktop, Cursor and VS Code keep their MCP configs on this platform. */
export function candidatePaths(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir(), cwd = process.cwd()): { path: string; label: string }[] {
  const appData = platform === 'win32' ? (env.APPDATA ?? path.join(home, 'AppData', 'Roaming')) : platform === 'darwin' ? path.join(home, 'Library', 'Application Support') : (env.XDG_CONFIG_HOME ?? path.join(home, '.config'));
  return [
    { path: path.join(appData, 'Claude', 'claude_desktop_config.json'), label: 'Claude Desktop' },
    { path: path.join(home, '.cursor', 'mcp.json'), label: 'Cursor (global)' },
    { path: path.join(appData, 'Code', 'User', 'mcp.json'), label: 'VS Code (user)' },
    { path: path.join(cwd, '.vscode', 'mcp.json'), label: 'VS Code (this folder)' },
    { path: path.join(cwd, '.cursor', 'mcp.json'), label: 'Cursor (this folder)' },
  ];
}

/** The candidate files that exist and read as MCP configs. */
export function findImportCandidates(paths = candidatePaths()): ImportCandidate[] {
  const found: ImportCandidate[] = [];
  for (const candidate of paths) {
    try {
      if (!fs.statSync(candidate.path).isFile()) continue;
      const parsed = parseImport(fs.readFileSync(candidate.path, 'utf8'), { fileName: candidate.path });
      found.push({ ...candidate, format: parsed.format, serverCount: parsed.servers.length });
    } catch {
      // Missing or not an MCP config: not a candidate.
    }
  }
  return found;
}
