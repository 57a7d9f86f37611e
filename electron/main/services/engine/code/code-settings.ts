import os from 'node:os';
import type { CodeSettings } from '../node-api';

/** Modules a Code step may `require` unless ECHELON_CODE_MODULES says otherwise: all the sandbox has. */
export const SANDBOX_MODULES = ['crypto', 'buffer', 'url', 'util', 'querystring', 'luxon', 'jmespath'];

export const DEFAULT_CODE_SETTINGS: CodeSettings = { modules: SANDBOX_MODULES, envAccess: [] };

export const ENV_BLOCKED =
  'access to env vars denied: workflows may read environment variables only when ECHELON_ENV_ACCESS names them (a comma-separated list, or * for all); set it and restart Echelon';

/** The environment variables `$env` shows under these settings, or undefined when none may be read. */
export function readableEnv(settings: CodeSettings, env: NodeJS.ProcessEnv = process.env): Record<string, string> | undefined {
  if (settings.envAccess.length === 0) return undefined;
  const all = settings.envAccess.includes('*');
  const readable: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && (all || settings.envAccess.includes(name))) readable[name] = value;
  return readable;
}

const list = (raw: string | undefined) =>
  raw === undefined
    ? undefined
    : raw
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean);

/** Code settings from the environment; unknown module names are refused so a typo does not pass silently. */
export function codeSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<CodeSettings> {
  const settings: Partial<CodeSettings> = {};
  const modules = list(env.ECHELON_CODE_MODULES);
  if (modules) {
    const unknown = modules.filter((name) => !SANDBOX_MODULES.includes(name));
    if (unknown.length > 0) throw new Error(`ECHELON_CODE_MODULES names ${unknown.join(', ')}, which the Code sandbox does not have (it has ${SANDBOX_MODULES.join(', ')}).`);
    settings.modules = modules;
  }
  const access = list(env.ECHELON_ENV_ACCESS);
  if (access) settings.envAccess = access;
  return settings;
}

/** Sandbox threads: one per spare core, at least one, at most four. */
export function defaultSandboxWorkers(): number {
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}
