import fs from 'node:fs';
import path from 'node:path';
import type { Payload } from '../../../../../shared/contract/executions';
import { writePrivateFile } from '../../store/private-files';

/**
 * Step inputs and outputs as stored: JSON in the row up to a size, beyond it a file under
 * `<dataDir>/payloads/` with a marker (and a cut-down preview) in the row, so a 100 MB payload
 * never sits in SQLite or in an event, and the UI shows its start without reading the file.
 */

/** Larger serialized payloads go to a file. */
export const INLINE_LIMIT = 256 * 1024;
/** What a view shows of a payload at most. */
export const VIEW_LIMIT = 64 * 1024;

interface FileMarker {
  $file: string;
  bytes: number;
  preview: unknown;
}

/** A reference to another step's output in the same execution (inputs are mostly the previous output). */
export interface OutputRef {
  $ref: { seq: number; output: string };
}

export function isOutputRef(value: unknown): value is OutputRef {
  return value !== null && typeof value === 'object' && '$ref' in value;
}

function isFileMarker(value: unknown): value is FileMarker {
  return value !== null && typeof value === 'object' && '$file' in value && typeof (value as FileMarker).$file === 'string';
}

export class PayloadStore {
  constructor(
    readonly root: string,
    private readonly redact: (text: string) => string,
  ) {}

  /** Serializes for the row; a large value is written to `relative` (under the payload root) instead. */
  encode(value: unknown, relative: () => string): string | null {
    if (value === undefined) return null;
    const text = this.redact(JSON.stringify(value));
    if (text.length <= INLINE_LIMIT) return text;
    const file = relative();
    writePrivateFile(path.join(this.root, file), text);
    const shown = JSON.parse(this.redact(JSON.stringify(preview(value, VIEW_LIMIT)))) as unknown;
    const marker: FileMarker = { $file: file, bytes: Buffer.byteLength(text), preview: shown };
    return JSON.stringify(marker);
  }

  /** The full value (reading the file when it was offloaded). */
  decode(text: string | null): unknown {
    if (text === null) return undefined;
    const value = JSON.parse(text) as unknown;
    if (!isFileMarker(value)) return value;
    return JSON.parse(fs.readFileSync(path.join(this.root, value.$file), 'utf8')) as unknown;
  }

  /** What a view shows: cut to VIEW_LIMIT, never reading an offloaded file. */
  view(text: string | null, resolve?: (ref: OutputRef) => string | null): Payload {
    if (text === null) return { value: null, truncated: false, bytes: 0, inFile: false };
    let value = JSON.parse(text) as unknown;
    if (resolve && value !== null && typeof value === 'object' && !Array.isArray(value) && !isFileMarker(value)) {
      // Inputs name other steps' outputs ({ main: { $ref } }): show those outputs.
      let resolved = false;
      const entries = Object.entries(value as Record<string, unknown>).map(([key, item]) => {
        if (!isOutputRef(item)) return [key, item];
        resolved = true;
        const target = resolve(item);
        return [key, target === null ? [] : (JSON.parse(target) as unknown)];
      });
      if (resolved) value = Object.fromEntries(entries.map(([key, item]) => [key, isFileMarker(item) ? item.preview : item]));
    }
    if (isFileMarker(value)) return { value: value.preview, truncated: true, bytes: value.bytes, inFile: true };
    const bytes = Buffer.byteLength(text);
    if (bytes <= VIEW_LIMIT) return { value, truncated: false, bytes, inFile: false };
    return { value: preview(value, VIEW_LIMIT), truncated: true, bytes, inFile: false };
  }

  removeExecution(executionId: number): void {
    fs.rmSync(path.join(this.root, String(executionId)), { recursive: true, force: true });
  }
}

/**
 * A smaller copy of a JSON value within about `budget` characters: long strings are cut and
 * long lists end with a marker item saying how many were left out.
 */
export function preview(value: unknown, budget: number): unknown {
  let left = budget;
  const walk = (node: unknown, depth: number): unknown => {
    if (left <= 0) return '…';
    if (typeof node === 'string') {
      const room = Math.max(16, Math.min(node.length, left));
      left -= Math.min(node.length, room) + 2;
      return node.length > room ? `${node.slice(0, room)}… [${node.length - room} more characters]` : node;
    }
    if (node === null || typeof node !== 'object') {
      left -= 8;
      return node;
    }
    if (depth > 20) return '…';
    if (Array.isArray(node)) {
      const out: unknown[] = [];
      for (let i = 0; i < node.length; i++) {
        if (left <= 0) {
          out.push(`… [${node.length - i} more items]`);
          break;
        }
        out.push(walk(node[i], depth + 1));
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    const keys = Object.keys(node);
    for (let i = 0; i < keys.length; i++) {
      if (left <= 0) {
        out['…'] = `${keys.length - i} more fields`;
        break;
      }
      left -= keys[i]!.length + 4;
      out[keys[i]!] = walk((node as Record<string, unknown>)[keys[i]!], depth + 1);
    }
    return out;
  };
  return walk(value, 0);
}
