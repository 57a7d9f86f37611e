/**
 * One size limit for workflow files, whoever reads them (`workflow validate`, `import`, `run`,
 * the import dialog): a file one of them takes, the others take too. 8 MiB is hundreds of times
 * a large workflow, and fits one WebSocket frame to `echelon serve` once quoted as JSON text.
 */
export const MAX_WORKFLOW_FILE_BYTES = 8 * 1024 * 1024;

const MIB = 1024 * 1024;

export const WORKFLOW_FILE_EMPTY = 'The file is empty: a workflow file holds one JSON document.';

/** The one message for a file over the limit; `bytes` is its size when known. */
export function workflowFileTooLarge(bytes?: number): string {
  const size = bytes === undefined ? 'too large' : `${(bytes / MIB).toFixed(1)} MiB`;
  return `The file is ${size}: workflow files are limited to ${MAX_WORKFLOW_FILE_BYTES / MIB} MiB.`;
}
