import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';
import { CreateIssueParams as CreateIssueV1, GITHUB_AUTH, GithubConnection, ListIssuesParams, Listing, RepoRef } from '../1.0.0/manifest';

/** GitHub's REST API version this plugin version is written against (sent as X-GitHub-Api-Version). */
export const GITHUB_API_VERSION = '2022-11-28';

export const CreateIssueParams = CreateIssueV1.extend({ assignees: z.array(z.string()).default([]) });
export const AddCommentParams = RepoRef.extend({ issueNumber: z.number().int().min(1), body: z.string().min(1) });
export const IssueRef = RepoRef.extend({ issueNumber: z.number().int().min(1) });
export const EditIssueParams = IssueRef.extend({
  title: z.string().min(1).max(256).optional(),
  body: z.string().optional(),
  state: z.enum(['open', 'closed']).optional(),
  labels: z.array(z.string()).optional().meta({ description: 'Replaces the labels.' }),
  assignees: z.array(z.string()).optional().meta({ description: 'Replaces the assignees.' }),
});
const FilePath = z.string().trim().min(1).meta({ description: 'The file\'s path in the repository, e.g. docs/notes.md.' });
const Branch = z.string().trim().min(1).optional().meta({ description: 'The branch (the default branch when empty).' });
export const GetFileParams = RepoRef.extend({
  path: FilePath,
  ref: Branch.meta({ description: 'A branch, tag or commit (the default branch when empty).' }),
  asBinary: z.boolean().default(true).meta({ description: 'The content as binary data; off for the text in the item (content, decoded).' }),
  binaryProperty: z.string().min(1).default('data'),
});
export const PutFileParams = RepoRef.extend({
  path: FilePath,
  content: z.string().optional().meta({ 'x-multiline': true, description: 'The text to write…' }),
  binaryProperty: z.string().min(1).optional().meta({ description: '…or the item\'s binary data to write.' }),
  message: z.string().min(1).meta({ description: 'The commit message.' }),
  branch: Branch,
  authorName: z.string().optional(),
  authorEmail: z.string().optional(),
});
export const DeleteFileParams = RepoRef.extend({ path: FilePath, message: z.string().min(1), branch: Branch });
export const CreateReleaseParams = RepoRef.extend({
  tag: z.string().trim().min(1).meta({ description: 'The tag to release (created on the default branch when new).' }),
  name: z.string().optional(),
  body: z.string().optional().meta({ 'x-multiline': true }),
  draft: z.boolean().default(false),
  prerelease: z.boolean().default(false),
});

export default definePlugin({
  id: 'github',
  name: 'GitHub',
  version: '2.0.0',
  description: 'Repositories, issues, comments, files and releases through the GitHub REST API (2022-11-28), with compact outputs.',
  category: 'Developer tools',
  icon: 'git-branch',
  type: 'api',
  auth: GITHUB_AUTH,
  connection: GithubConnection,
  rateLimit: { requestsPerSecond: 5, burst: 20 },
  healthCheck: { action: 'getAuthenticatedUser' },
  actions: [
    { id: 'getAuthenticatedUser', name: 'Get the signed-in user', description: 'GET /user: login, name and profile URL.', parameters: z.object({}), sideEffects: false },
    { id: 'listRepositories', name: 'List my repositories', description: 'GET /user/repos, every page, compact.', parameters: Listing, sideEffects: false },
    { id: 'getRepository', name: 'Get a repository', description: 'GET /repos/{owner}/{repo}, compact.', parameters: RepoRef, sideEffects: false },
    { id: 'listIssues', name: 'List issues', description: 'Issues only (pull requests left out), every page, compact.', parameters: ListIssuesParams, sideEffects: false },
    { id: 'createIssue', name: 'Create an issue', description: 'POST /repos/{owner}/{repo}/issues, with assignees.', parameters: CreateIssueParams, recovery: 'wait' },
    { id: 'addIssueComment', name: 'Comment on an issue', description: 'POST /repos/{owner}/{repo}/issues/{number}/comments.', parameters: AddCommentParams, recovery: 'wait' },
    { id: 'getIssue', name: 'Get an issue', description: 'GET /repos/{owner}/{repo}/issues/{number}, compact.', parameters: IssueRef, sideEffects: false },
    { id: 'editIssue', name: 'Edit an issue', description: 'Title, body, state, labels or assignees of an issue.', parameters: EditIssueParams },
    { id: 'getFile', name: 'Get a file', description: 'A file\'s content (as binary data or text) and its sha.', parameters: GetFileParams, sideEffects: false },
    { id: 'createFile', name: 'Create a file', description: 'Commits a new file (text or the item\'s binary data).', parameters: PutFileParams, recovery: 'wait' },
    { id: 'editFile', name: 'Edit a file', description: 'Commits new content for an existing file.', parameters: PutFileParams, recovery: 'wait' },
    { id: 'deleteFile', name: 'Delete a file', description: 'Commits the file\'s removal.', parameters: DeleteFileParams, recovery: 'wait' },
    { id: 'createRelease', name: 'Create a release', description: 'POST /repos/{owner}/{repo}/releases.', parameters: CreateReleaseParams, recovery: 'wait' },
  ],
  triggers: [],
});
