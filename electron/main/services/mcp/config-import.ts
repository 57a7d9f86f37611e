import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_MAX_DEPTH, DepthError, jsonTextDepth } from '../../../../shared/limits/json-depth';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parse as parseShellWords } from 'shell-quote';
import { EchelonError, ServerDefinition, type ImportFormat, type ServerDefinitionInput } from '../../../../shared/contract';
import { secretRef, SECRET_NAME } from '../../../../shared/secrets/secret-ref';

/** One server as found in a config file, normalised into an Echelon definition or skipped with a reason. */
export interface ImportedServer {
  originalName: string;
  name: string;
  definition?: ServerDefinition;
  launch: string;
  warnings: string[];
  skipReason?: string;
  /** Vault names the server refers to that the import cannot fill (VS Code `inputs`). */
  referencedSecrets: { secretName: string; description?: string }[];
}

export interface ParsedImport {
  format: ImportFormat;
  servers: ImportedServer[];
  warnings: string[];
}

export interface ImportOptions {
  /** The file's path or name: tells Claude Desktop from Cursor, and where `${workspaceFolder}` is. */
  fileName?: string;
  homeDir?: string;
  isFile?: (file: string) => boolean;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const KNOWN_FIELDS = new Set(['type', 'command', 'args', 'env', 'cwd', 'url', 'headers', 'disabled', 'description', 'transport', 'serverUrl']);

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

/** JSON with comments and trailing commas, as VS Code writes it. */
function parseConfigText(text: string): unknown {
  // The JSONC parser recurses per level; brackets in comments count too, which only errs on the safe side.
  if (jsonTextDepth(text) > DEFAULT_MAX_DEPTH) throw new EchelonError('invalid_input', new DepthError(DEFAULT_MAX_DEPTH, 'The config').message, { path: 'text' });
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first) {
    throw new EchelonError('invalid_input', `The config is not valid JSON: ${printParseErrorCode(first.error)} at ${lineAndColumn(text, first.offset)}.`, { path: 'text' });
  }
  return value;
}

export function detectFormat(config: unknown, fileName?: string): { format: ImportFormat; servers: Json; inputs: unknown[] } {
  if (!isObject(config)) throw new EchelonError('invalid_input', 'The config must be a JSON object with "mcpServers" (Claude Desktop, Cursor) or "servers" (VS Code).', { path: 'text' });
  const base = (fileName ?? '').replace(/\\/g, '/');
  const vscodeBlock = isObject(config.mcp) && isObject(config.mcp.servers) ? config.mcp : undefined;
  if (isObject(config.servers) || vscodeBlock) {
    const block = vscodeBlock ?? config;
    return { format: 'vscode', servers: block.servers as Json, inputs: Array.isArray(block.inputs) ? block.inputs : [] };
  }
  if (isObject(config.mcpServers)) {
    const servers = config.mcpServers;
    const cursor = base.includes('.cursor/') || Object.values(servers).some((entry) => isObject(entry) && typeof entry.url === 'string');
    const claude = path.basename(base) === 'claude_desktop_config.json';
    return { format: claude || !cursor ? 'claude-desktop' : 'cursor', servers, inputs: [] };
  }
  throw new EchelonError('invalid_input', 'This is not an MCP config: expected "mcpServers" (Claude Desktop, Cursor) or "servers" (VS Code) at the top level.', { path: 'text' });
}

/** `My Server.v2` → `My-Server-v2`: a valid, unique Echelon name. */
function sanitizeName(original: string, taken: Set<string>): string {
  let name = original
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/_{2,}/g, '_')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 56);
  if (!name) name = 'server';
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${name}-${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** VS Code input ids (`github-token`) as vault names (`GITHUB_TOKEN`). */
function inputSecretName(id: string): string {
  const name = id.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const valid = /^[A-Z_]/.test(name) ? name : `INPUT_${name}`;
  return SECRET_NAME.test(valid) ? valid : 'INPUT_SECRET';
}

interface Substitutions {
  inputs: Map<string, { secretName: string; description?: string }>;
  homeDir: string;
  workspaceFolder?: string;
}

/** Fills what can be known at import time and turns `${input:x}` into vault references. */
function substitute(value: string, subs: Substitutions, entry: ImportedServer): string {
  return value
    .replace(/\$\{input:([^}]+)\}/g, (_match, id: string) => {
      const input = subs.inputs.get(id) ?? { secretName: inputSecretName(id) };
      if (!entry.referencedSecrets.some((ref) => ref.secretName === input.secretName)) entry.referencedSecrets.push(input);
      return secretRef(input.secretName);
    })
    .replace(/\$\{userHome\}/g, subs.homeDir)
    .replace(/\$\{workspaceFolder\}/g, (match) => {
      if (subs.workspaceFolder) return subs.workspaceFolder;
      entry.warnings.push('${workspaceFolder} is unknown outside VS Code: it was left as is; set the path by hand.');
      return match;
    });
}

function stringRecord(value: unknown, field: string, entry: ImportedServer, subs: Substitutions): Record<string, string> {
  if (value === undefined) return {};
  if (!isObject(value)) {
    entry.warnings.push(`"${field}" is not an object: ignored.`);
    return {};
  }
  const record: Record<string, string> = {};
  for (const [key, raw] of Object.entries(value)) {
    if (raw === null || raw === undefined) continue;
    record[key] = substitute(typeof raw === 'string' ? raw : String(raw), subs, entry);
  }
  return record;
}

/** A `command` holding its arguments in one string (`npx -y pkg`), split as a shell would. */
function splitCommand(command: string, entry: ImportedServer, isFile: (file: string) => boolean): { command: string; args: string[] } | undefined {
  if (!/\s/.test(command.trim()) || isFile(command)) return { command, args: [] };
  const words = parseShellWords(command);
  if (!words.every((word): word is string => typeof word === 'string')) {
    entry.skipReason = `its command uses shell syntax (pipes, redirections, globs or $variables): ${JSON.stringify(command)}. Put it in a script and point "command" at the script.`;
    return undefined;
  }
  if (words.length === 0) return { command, args: [] };
  entry.warnings.push(`"command" held its arguments in one string (${JSON.stringify(command)}): split into the command ${JSON.stringify(words[0])} and the arguments ${JSON.stringify(words.slice(1))}.`);
  return { command: words[0]!, args: words.slice(1) };
}

function launchLine(definition: ServerDefinitionInput): string {
  const transport = definition.transport;
  if (transport.type === 'http') return transport.url;
  return [transport.command, ...(transport.args ?? [])].map((part) => (/\s/.test(part) ? JSON.stringify(part) : part)).join(' ');
}

function normalise(originalName: string, raw: unknown, subs: Substitutions, taken: Set<string>, isFile: (file: string) => boolean): ImportedServer {
  const entry: ImportedServer = { originalName, name: sanitizeName(originalName, taken), launch: '', warnings: [], referencedSecrets: [] };
  if (entry.name !== originalName) entry.warnings.push(`Renamed from ${JSON.stringify(originalName)}: server names use letters, digits, "-" and "_".`);
  if (!isObject(raw)) {
    entry.skipReason = 'its entry is not an object.';
    return entry;
  }
  const unknown = Object.keys(raw).filter((key) => !KNOWN_FIELDS.has(key));
  if (unknown.length > 0) entry.warnings.push(`Ignored field${unknown.length > 1 ? 's' : ''} Echelon does not use: ${unknown.join(', ')}.`);
  if (raw.envFile !== undefined) entry.warnings.push('"envFile" is not read: add those variables to the server by hand.');

  const type = typeof raw.type === 'string' ? raw.type.toLowerCase() : undefined;
  const url = typeof raw.url === 'string' ? raw.url : typeof raw.serverUrl === 'string' ? raw.serverUrl : undefined;
  let definition: ServerDefinitionInput;
  if (url !== undefined || type === 'http' || type === 'sse' || type === 'streamable-http') {
    if (url === undefined) {
      entry.skipReason = `its type is "${type}" but it has no "url".`;
      return entry;
    }
    if (type === 'sse') entry.warnings.push('An HTTP+SSE server: Echelon tries streamable HTTP first and falls back to SSE.');
    definition = { name: entry.name, transport: { type: 'http', url: substitute(url, subs, entry), headers: stringRecord(raw.headers, 'headers', entry, subs) } };
  } else {
    if (typeof raw.command !== 'string' || raw.command.trim() === '') {
      entry.skipReason = 'it has neither a "command" nor a "url".';
      return entry;
    }
    if (raw.args !== undefined && !(Array.isArray(raw.args) && raw.args.every((arg) => typeof arg === 'string' || typeof arg === 'number'))) {
      entry.skipReason = '"args" must be a list of strings.';
      return entry;
    }
    let command = substitute(raw.command, subs, entry);
    let args = ((raw.args as (string | number)[] | undefined) ?? []).map((arg) => substitute(String(arg), subs, entry));
    if (args.length === 0) {
      const split = splitCommand(command, entry, isFile);
      if (!split) return entry;
      ({ command, args } = split);
    }
    definition = {
      name: entry.name,
      transport: {
        type: 'stdio',
        command,
        args,
        cwd: typeof raw.cwd === 'string' ? substitute(raw.cwd, subs, entry) : undefined,
        env: stringRecord(raw.env, 'env', entry, subs),
      },
    };
  }
  if (typeof raw.description === 'string') definition.description = raw.description.slice(0, 1000);
  if (raw.disabled === true) {
    definition.enabled = false;
    entry.warnings.push('It is disabled in the file, so it is imported disabled.');
  }
  entry.launch = launchLine(definition);
  const parsed = ServerDefinition.safeParse(definition);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    entry.skipReason = `${issue.path.join('.') || 'its definition'}: ${issue.message}`;
    return entry;
  }
  entry.definition = parsed.data;
  return entry;
}

/** Reads a Claude Desktop, Cursor or VS Code config into Echelon definitions, without touching anything. */
export function parseImport(text: string, options: ImportOptions = {}): ParsedImport {
  const { format, servers, inputs } = detectFormat(parseConfigText(text), options.fileName);
  const warnings: string[] = [];
  const subs: Substitutions = { inputs: new Map(), homeDir: options.homeDir ?? os.homedir() };
  if (options.fileName && format === 'vscode') {
    const normalised = options.fileName.replace(/\\/g, '/');
    if (normalised.endsWith('.vscode/mcp.json')) subs.workspaceFolder = path.dirname(path.dirname(options.fileName));
  }
  for (const input of inputs) {
    if (!isObject(input) || typeof input.id !== 'string') continue;
    if (input.type !== 'promptString') warnings.push(`Input "${input.id}" is a ${String(input.type)}: it becomes a vault reference like a prompted string.`);
    subs.inputs.set(input.id, { secretName: inputSecretName(input.id), description: typeof input.description === 'string' ? input.description : undefined });
  }
  const taken = new Set<string>();
  const isFile = options.isFile ?? ((file: string) => fs.existsSync(file) && fs.statSync(file).isFile());
  const entries = Object.entries(servers).map(([name, raw]) => normalise(name, raw, subs, taken, isFile));
  if (entries.length === 0) warnings.push('The file lists no servers.');
  return { format, servers: entries, warnings };
}
