import { z } from 'zod';
import { definePlugin, type AuthMethod } from '../../../shared/integrations/manifest';

export const GithubConnection = z.object({
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .meta({ title: 'API URL', description: 'https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server.' })
    .default('https://api.github.com'),
});

export const GITHUB_AUTH: AuthMethod[] = [
  { type: 'bearer' },
  {
    type: 'oauth2',
    flows: ['authorization_code'],
    authorizationUrl: 'https://github.com/login/oauth/authorize',
    tokenUrl: 'https://github.com/login/oauth/access_token',
    scopes: ['repo', 'read:user'],
  },
];

const Name = z.string().min(1).max(100).regex(/^[A-Za-z0-9_.-]+$/, 'Letters, digits, "-", "_" and "." only');
export const RepoRef = z.object({ owner: Name, repo: Name });
export const Listing = z.object({ perPage: z.number().int().min(1).max(100).default(30), maxPages: z.number().int().min(1).max(50).default(5) });

export const ListIssuesParams = RepoRef.extend({ state: z.enum(['open', 'closed', 'all']).default('open') }).extend(Listing.shape);
export const CreateIssueParams = RepoRef.extend({ title: z.string().min(1).max(256), body: z.string().default(''), labels: z.array(z.string()).default([]) });

export default definePlugin({
  id: 'github',
  name: 'GitHub',
  version: '1.0.0',
  description: 'Repositories, issues and the signed-in user through the GitHub REST API.',
  category: 'Developer tools',
  icon: 'git-branch',
  type: 'api',
  auth: GITHUB_AUTH,
  connection: GithubConnection,
  rateLimit: { requestsPerSecond: 5, burst: 20 },
  healthCheck: { action: 'getAuthenticatedUser' },
  actions: [
    { id: 'getAuthenticatedUser', name: 'Get the signed-in user', description: 'GET /user.', parameters: z.object({}), sideEffects: false },
    { id: 'listRepositories', name: 'List my repositories', description: 'GET /user/repos, every page.', parameters: Listing, sideEffects: false },
    { id: 'getRepository', name: 'Get a repository', description: 'GET /repos/{owner}/{repo}.', parameters: RepoRef, sideEffects: false },
    { id: 'listIssues', name: 'List issues', description: 'GET /repos/{owner}/{repo}/issues, every page.', parameters: ListIssuesParams, sideEffects: false },
    { id: 'createIssue', name: 'Create an issue', description: 'POST /repos/{owner}/{repo}/issues.', parameters: CreateIssueParams, recovery: 'wait' },
  ],
  triggers: [],
});
