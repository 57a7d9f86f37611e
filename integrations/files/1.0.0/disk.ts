import fs from 'node:fs';
import path from 'node:path';
import { NodeError } from '../../../electron/main/services/engine/node-api';

/**
 * The folders workflows may read and write (n8n's N8N_RESTRICT_FILE_ACCESS_TO): a list in
 * ECHELON_FILE_ACCESS separated by the platform's path delimiter. Nothing is allowed without it.
 */
export function allowedPath(file: string): string {
  const roots = (process.env.ECHELON_FILE_ACCESS ?? '').split(path.delimiter).filter(Boolean).map((root) => path.resolve(root));
  if (roots.length === 0) throw new NodeError('Reading and writing files on disk is off: set ECHELON_FILE_ACCESS to the folders workflows may use, then restart Echelon.', 'file_access', true);
  const resolved = path.resolve(file);
  const real = (target: string): string => {
    try {
      return fs.realpathSync(target);
    } catch {
      return path.join(real(path.dirname(target)), path.basename(target));
    }
  };
  const actual = real(resolved);
  if (!roots.some((root) => actual === real(root) || actual.startsWith(real(root) + path.sep))) {
    throw new NodeError(`"${file}" is outside the folders ECHELON_FILE_ACCESS allows (${roots.join(', ')}).`, 'file_access', true);
  }
  return actual;
}

/** The files a path names: itself, or with `*` / `?` in its last part, the matching files of its folder. */
export function matchFiles(selector: string): string[] {
  const base = path.basename(selector);
  if (!/[*?]/.test(base)) return [allowedPath(selector)];
  const folder = allowedPath(path.dirname(selector));
  const pattern = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '.')}$`);
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => path.join(folder, entry.name))
    .sort();
}

const TYPES: Record<string, string> = { '.json': 'application/json', '.csv': 'text/csv', '.txt': 'text/plain', '.html': 'text/html', '.xml': 'application/xml', '.pdf': 'application/pdf', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.md': 'text/markdown', '.zip': 'application/zip', '.gz': 'application/gzip', '.gzip': 'application/gzip', '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.webp': 'image/webp', '.svg': 'image/svg+xml' };
export const mimeTypeOf = (file: string) => TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
