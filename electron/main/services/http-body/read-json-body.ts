import type http from 'node:http';
import { DEFAULT_MAX_DEPTH, DepthError, parseBoundedJson } from '../../../../shared/limits/json-depth';

/** Why a body was refused: the server answers 413 for `too-large`, 400 for the rest. */
export type BodyProblem = 'too-large' | 'not-json' | 'too-deep' | 'empty';

export class BodyError extends Error {
  constructor(
    readonly problem: BodyProblem,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

export interface JsonBodyLimits {
  maxBytes: number;
  /** Deepest nesting accepted, checked on the text before JSON.parse (which recurses per level). */
  maxDepth?: number;
  /** The value an empty body stands for; without it an empty body is refused. */
  empty?: unknown;
}

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`);

/**
 * The JSON body of an HTTP request, read once for every server of Echelon's (the REST API, the
 * MCP gateway): refused as soon as it passes `maxBytes` (the socket is closed, the rest never
 * buffered), refused when nested deeper than `maxDepth`, and every refusal says what to change.
 */
export function readJsonBody(request: http.IncomingMessage, limits: JsonBodyLimits): Promise<unknown> {
  const { maxBytes, maxDepth = DEFAULT_MAX_DEPTH } = limits;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= maxBytes) return void chunks.push(chunk);
      request.off('data', onData);
      reject(new BodyError('too-large', `the body is over ${size(maxBytes)}: send less at once`));
      request.destroy();
    };
    request.on('data', onData);
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text.trim()) {
        if ('empty' in limits) return resolve(limits.empty);
        return reject(new BodyError('empty', 'the body is empty: send a JSON value'));
      }
      try {
        resolve(parseBoundedJson(text, maxDepth, 'the body'));
      } catch (error) {
        if (error instanceof DepthError) reject(new BodyError('too-deep', error.message.replace(/\.$/, '')));
        else reject(new BodyError('not-json', `the body is not JSON (${(error as Error).message})`));
      }
    });
    request.on('error', reject);
  });
}
