import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateFile, privateDir, writePrivateFile } from '../../store/private-files';
import { NodeError, type BinaryRef, type NodeServices } from '../node-api';

export type BinaryServices = Pick<NodeServices, 'saveBinary' | 'readBinary' | 'binaryPath' | 'createBinary'>;

export interface LocalBinaryOptions {
  /** The payload folder: a run's binary data goes to `<root>/<execution id>/`. */
  root: string;
  /** The largest binary a step may store, in bytes (team workers keep theirs in Postgres). */
  maxBytes?: number;
  /** A file was written under the root (its path relative to it). */
  written?(file: string): void;
}

let count = 0;

function binaryRef(file: string, mimeType: string, fileSize: number, fileName?: string): BinaryRef {
  const ref: BinaryRef = { file, mimeType, fileSize };
  if (fileName) ref.fileName = fileName;
  return ref;
}

/** Binary data of a step's run as files under the payload folder (the desktop's, or a worker's cache). */
export function localBinaryServices(executionId: number, nodeId: string, options: LocalBinaryOptions): BinaryServices {
  const { root, maxBytes } = options;
  const tooLarge = (bytes: number) =>
    new NodeError(`Binary data of ${megabytes(bytes)} is over the limit of ${megabytes(maxBytes!)} on team workers: make the file smaller, or run this workflow on a computer.`, 'binary_too_large', true);
  const newFile = () => {
    const file = `${executionId}/binary-${nodeId}-${Date.now()}-${count++}`;
    privateDir(path.join(root, String(executionId)));
    return file;
  };
  const fullPath = (ref: BinaryRef) => {
    const full = path.resolve(root, ref.file);
    if (!full.startsWith(path.resolve(root) + path.sep)) throw new NodeError('A binary reference points outside the payload folder.', 'invalid_binary', true);
    return full;
  };
  return {
    saveBinary: (data, mimeType, fileName) => {
      if (maxBytes !== undefined && data.byteLength > maxBytes) throw tooLarge(data.byteLength);
      const file = newFile();
      writePrivateFile(path.join(root, file), data);
      options.written?.(file);
      return binaryRef(file, mimeType, data.byteLength, fileName);
    },
    readBinary: (ref) => fs.readFileSync(fullPath(ref)),
    binaryPath: fullPath,
    createBinary: (mimeType, fileName) => {
      const file = newFile();
      const full = path.join(root, file);
      ensurePrivateFile(full);
      return {
        path: full,
        done: () => {
          const size = fs.statSync(full).size;
          if (maxBytes !== undefined && size > maxBytes) {
            fs.rmSync(full, { force: true });
            throw tooLarge(size);
          }
          options.written?.(file);
          return binaryRef(file, mimeType, size, fileName);
        },
      };
    },
  };
}

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
