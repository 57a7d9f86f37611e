import fs from 'node:fs';
import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import type { ActionContext } from '../../../shared/integrations/plugin-code';
import { repoPath, type GithubApi } from '../1.0.0/github-api';
import type { DeleteFileParams, GetFileParams, PutFileParams } from './manifest';

/** Repository contents: files read as binary data or text, written and removed as commits. */

interface Content {
  type: string;
  name: string;
  path: string;
  sha: string;
  size: number;
  content?: string;
  html_url: string;
  download_url: string | null;
}
interface Commit {
  content: Content | null;
  commit: { sha: string; message: string };
}

const contentsPath = (params: { owner: string; repo: string; path: string }) => `${repoPath(params)}/contents/${params.path.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/')}`;
const compact = (file: Content) => ({ name: file.name, path: file.path, sha: file.sha, size: file.size, htmlUrl: file.html_url, downloadUrl: file.download_url });
const committed = (result: Commit) => ({ ...(result.content ? compact(result.content) : {}), commit: { sha: result.commit.sha, message: result.commit.message } });

/** The file as it is now, or undefined when there is none. */
async function current(api: GithubApi, params: { owner: string; repo: string; path: string }, ref?: string): Promise<Content | undefined> {
  try {
    return await api.call<Content>(`Reading ${params.path} in ${params.owner}/${params.repo}`, { url: contentsPath(params), query: ref ? { ref } : {} });
  } catch (error) {
    if (error instanceof EchelonError && error.code === 'not_found') return undefined;
    throw error;
  }
}

export async function getFile(api: GithubApi, params: z.output<typeof GetFileParams>, ctx: ActionContext) {
  const file = await api.call<Content>(`Reading ${params.path} in ${params.owner}/${params.repo}`, { url: contentsPath(params), query: params.ref ? { ref: params.ref } : {} });
  if (file.type !== 'file' || file.content === undefined) throw new EchelonError('invalid_input', `${params.path} is a ${file.type}, not a file.`, { path: 'params.path' });
  const bytes = Buffer.from(file.content, 'base64');
  if (!params.asBinary || !ctx.files) return { ...compact(file), content: bytes.toString('utf8') };
  const target = ctx.files.create(params.binaryProperty, { mimeType: 'application/octet-stream', fileName: file.name });
  await fs.promises.writeFile(target.path, bytes);
  target.done();
  return compact(file);
}

export async function putFile(api: GithubApi, params: z.output<typeof PutFileParams>, ctx: ActionContext, mode: 'create' | 'edit') {
  let bytes: Buffer;
  if (params.binaryProperty) {
    const ref = ctx.files?.input(params.binaryProperty);
    if (!ref || !ctx.files) throw new EchelonError('invalid_input', `The item has no binary data "${params.binaryProperty}" to commit.`, { path: 'params.binaryProperty' });
    bytes = await fs.promises.readFile(ctx.files.localPath(ref));
  } else if (params.content !== undefined) bytes = Buffer.from(params.content, 'utf8');
  else throw new EchelonError('invalid_input', 'Give the content to write, as text or as the item\'s binary data.', { path: 'params.content' });
  // Editing names the blob it replaces; creating a file that exists is GitHub's 422, said plainly.
  const existing = mode === 'edit' ? await current(api, params, params.branch) : undefined;
  if (mode === 'edit' && !existing) throw new EchelonError('not_found', `${params.path} does not exist in ${params.owner}/${params.repo}${params.branch ? ` on ${params.branch}` : ''}: create it instead.`, { path: 'params.path' });
  const author = params.authorName && params.authorEmail ? { author: { name: params.authorName, email: params.authorEmail } } : {};
  const result = await api.call<Commit>(`${mode === 'create' ? 'Creating' : 'Editing'} ${params.path} in ${params.owner}/${params.repo}`, {
    method: 'PUT',
    url: contentsPath(params),
    body: { type: 'json', value: { message: params.message, content: bytes.toString('base64'), ...(existing ? { sha: existing.sha } : {}), ...(params.branch ? { branch: params.branch } : {}), ...author } },
  });
  return committed(result);
}

export async function deleteFile(api: GithubApi, params: z.output<typeof DeleteFileParams>) {
  const existing = await current(api, params, params.branch);
  if (!existing) throw new EchelonError('not_found', `${params.path} does not exist in ${params.owner}/${params.repo}.`, { path: 'params.path' });
  const result = await api.call<Commit>(`Deleting ${params.path} in ${params.owner}/${params.repo}`, {
    method: 'DELETE',
    url: contentsPath(params),
    body: { type: 'json', value: { message: params.message, sha: existing.sha, ...(params.branch ? { branch: params.branch } : {}) } },
  });
  return { path: params.path, deleted: true, commit: committed(result).commit };
}
