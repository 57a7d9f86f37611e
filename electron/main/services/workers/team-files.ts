import fs from 'node:fs';
import path from 'node:path';
import { PayloadStore } from '../engine/persistence/payloads';
import { writePrivateFile } from '../store/private-files';
import type { TeamState } from './team-state';

export interface RunFile {
  executionId: number;
  file: string;
  data: Buffer;
}

/** 32 MB: a binary a step stores on team workers at most (`--binary-max-mb`). */
export const DEFAULT_BINARY_MAX_BYTES = 32 * 1_048_576;

/**
 * A worker's run files (binary data, offloaded payloads): written to its own payload folder as
 * the desktop writes them, committed to `private.execution_files` with the checkpoint that first
 * refers to them, and fetched from there by a worker that takes the run over, so every worker
 * (and a member's desktop) reads what any of them wrote.
 */
export class TeamFiles {
  private pending = new Set<string>();

  constructor(
    readonly root: string,
    readonly maxBinaryBytes = DEFAULT_BINARY_MAX_BYTES,
  ) {}

  written(file: string): void {
    this.pending.add(file);
  }

  /** The files written since the last commit, read for this one. */
  take(): RunFile[] {
    const files = [...this.pending];
    this.pending.clear();
    return files.map((file) => ({ executionId: Number(file.split('/')[0]), file, data: fs.readFileSync(path.join(this.root, file)) }));
  }

  /** Brings the committed files of runs this worker takes over (those it lacks). */
  async fetch(state: TeamState, executionIds: number[]): Promise<void> {
    const { rows } = await state.pool.query('select file, data from private.execution_files where execution_id = any($1)', [executionIds]);
    for (const row of rows as Array<{ file: string; data: Buffer }>) {
      const full = path.resolve(this.root, row.file);
      if (!full.startsWith(path.resolve(this.root) + path.sep) || fs.existsSync(full)) continue;
      writePrivateFile(full, row.data);
    }
  }
}

/** The executor's payload store on a worker: an offloaded payload is a run file too. */
export class TeamPayloadStore extends PayloadStore {
  constructor(
    private readonly files: TeamFiles,
    redact: (text: string) => string,
  ) {
    super(files.root, redact);
  }

  override encode(value: unknown, relative: () => string): string | null {
    let file: string | undefined;
    const text = super.encode(value, () => (file = relative()));
    if (file !== undefined) this.files.written(file);
    return text;
  }
}
