import type { z } from 'zod';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import { githubApi, repoPath } from './github-api';
import type { CreateIssueParams, ListIssuesParams, Listing, RepoRef } from './manifest';

/** Version 1 returns GitHub's objects as the API sends them. */
export default defineIntegrationCode({
  actions: {
    getAuthenticatedUser: (_params: Record<string, never>, ctx: ActionContext) => githubApi(ctx).call('Reading the signed-in user', { url: 'user' }),
    listRepositories: (params: z.output<typeof Listing>, ctx: ActionContext) =>
      githubApi(ctx).list('Listing repositories', 'user/repos', { per_page: params.perPage, sort: 'updated' }, params.maxPages),
    getRepository: (params: z.output<typeof RepoRef>, ctx: ActionContext) => githubApi(ctx).call(`Reading ${params.owner}/${params.repo}`, { url: repoPath(params) }),
    listIssues: (params: z.output<typeof ListIssuesParams>, ctx: ActionContext) =>
      githubApi(ctx).list(`Listing issues of ${params.owner}/${params.repo}`, `${repoPath(params)}/issues`, { state: params.state, per_page: params.perPage }, params.maxPages),
    createIssue: (params: z.output<typeof CreateIssueParams>, ctx: ActionContext) =>
      githubApi(ctx).call(`Creating an issue in ${params.owner}/${params.repo}`, {
        method: 'POST',
        url: `${repoPath(params)}/issues`,
        body: { type: 'json', value: { title: params.title, body: params.body, labels: params.labels } },
      }),
  },
});
