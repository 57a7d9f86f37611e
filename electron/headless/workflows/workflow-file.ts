import fs from 'node:fs';
import { MAX_WORKFLOW_FILE_BYTES, WORKFLOW_FILE_EMPTY, workflowFileTooLarge } from '../../../shared/workflow/file-limits';
import { UsageError } from '../cli-context';

/**
 * A workflow file's text, with the same checks for every command that reads one (validate,
 * import, run): it exists, it is not empty, it is within the one size limit.
 */
export function readWorkflowFile(file: string): string {
  let size: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new UsageError(`${file} is not a file.`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
  if (size > MAX_WORKFLOW_FILE_BYTES) throw new UsageError(`${file}: ${workflowFileTooLarge(size)}`);
  const text = fs.readFileSync(file, 'utf8');
  if (text.trim() === '') throw new UsageError(`${file}: ${WORKFLOW_FILE_EMPTY}`);
  return text;
}

/** JSON text as a value; a usage error naming `what` otherwise. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} is not JSON: ${(error as Error).message}`);
  }
}
