import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';
import { CreateIssueParams as CreateIssueV1, GITHUB_AUTH, GithubConnection, ListIssuesParams, Listing, RepoRef } from '../1.0.0/manifest';

/** GitHub's REST API version this plugin version is written against (sent as X-GitHub-Api-Version). */
export const GITHUB_API_VERSION = '2022-11-28';

export const CreateIssueParams = CreateIssueV1.extend({ assignees: z.array(z.string()).default([]) });
export const AddCommentParams = RepoRef.extend({ issueNumber: z.number().int().min(1), body: z.string().min(1) });

export default definePlugin({
  id: 'github',
  name: 'GitHub',
  version: '2.0.0',
  description: 'Repositories, issues and comments through the GitHub REST API (2022-11-28), with compact outputs.',
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
  ],
  triggers: [],
});
