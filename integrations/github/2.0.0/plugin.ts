import type { z } from 'zod';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import { githubApi, repoPath } from '../1.0.0/github-api';
import type { ListIssuesParams, Listing, RepoRef } from '../1.0.0/manifest';
import { deleteFile, getFile, putFile } from './files';
import { GITHUB_API_VERSION, type AddCommentParams, type CreateIssueParams, type CreateReleaseParams, type DeleteFileParams, type EditIssueParams, type GetFileParams, type IssueRef, type PutFileParams } from './manifest';

interface Repository {
  full_name: string;
  private: boolean;
  html_url: string;
  default_branch: string;
  description: string | null;
}
interface Issue {
  number: number;
  title: string;
  state: string;
  html_url: string;
  url: string;
  labels: ({ name: string } | string)[];
  pull_request?: unknown;
}

const api = (ctx: ActionContext) => githubApi(ctx, { 'x-github-api-version': GITHUB_API_VERSION });
const repository = (repo: Repository) => ({ fullName: repo.full_name, private: repo.private, htmlUrl: repo.html_url, defaultBranch: repo.default_branch, description: repo.description });
const issue = (item: Issue) => ({
  number: item.number,
  title: item.title,
  state: item.state,
  htmlUrl: item.html_url,
  labels: item.labels.map((label) => (typeof label === 'string' ? label : label.name)),
});

/** Version 2 pins GitHub's API version and returns compact, camel-cased objects. */
export default defineIntegrationCode({
  actions: {
    async getAuthenticatedUser(_params: Record<string, never>, ctx: ActionContext) {
      const user = await api(ctx).call<{ login: string; name: string | null; html_url: string }>('Reading the signed-in user', { url: 'user' });
      return { login: user.login, name: user.name, htmlUrl: user.html_url };
    },
    async listRepositories(params: z.output<typeof Listing>, ctx: ActionContext) {
      const repos = await api(ctx).list<Repository>('Listing repositories', 'user/repos', { per_page: params.perPage, sort: 'updated' }, params.maxPages);
      return repos.map(repository);
    },
    async getRepository(params: z.output<typeof RepoRef>, ctx: ActionContext) {
      return repository(await api(ctx).call<Repository>(`Reading ${params.owner}/${params.repo}`, { url: repoPath(params) }));
    },
    async listIssues(params: z.output<typeof ListIssuesParams>, ctx: ActionContext) {
      const items = await api(ctx).list<Issue>(`Listing issues of ${params.owner}/${params.repo}`, `${repoPath(params)}/issues`, { state: params.state, per_page: params.perPage }, params.maxPages);
      return items.filter((item) => !item.pull_request).map(issue);
    },
    async createIssue(params: z.output<typeof CreateIssueParams>, ctx: ActionContext) {
      const created = await api(ctx).call<Issue>(`Creating an issue in ${params.owner}/${params.repo}`, {
        method: 'POST',
        url: `${repoPath(params)}/issues`,
        body: { type: 'json', value: { title: params.title, body: params.body, labels: params.labels, assignees: params.assignees } },
      });
      return issue(created);
    },
    async addIssueComment(params: z.output<typeof AddCommentParams>, ctx: ActionContext) {
      const comment = await api(ctx).call<{ id: number; html_url: string }>(`Commenting on ${params.owner}/${params.repo}#${params.issueNumber}`, {
        method: 'POST',
        url: `${repoPath(params)}/issues/${params.issueNumber}/comments`,
        body: { type: 'json', value: { body: params.body } },
      });
      return { id: comment.id, htmlUrl: comment.html_url };
    },
    async getIssue(params: z.output<typeof IssueRef>, ctx: ActionContext) {
      return issue(await api(ctx).call<Issue>(`Reading ${params.owner}/${params.repo}#${params.issueNumber}`, { url: `${repoPath(params)}/issues/${params.issueNumber}` }));
    },
    async editIssue(params: z.output<typeof EditIssueParams>, ctx: ActionContext) {
      const { owner: _owner, repo: _repo, issueNumber, ...changes } = params;
      const edited = await api(ctx).call<Issue>(`Editing ${params.owner}/${params.repo}#${issueNumber}`, { method: 'PATCH', url: `${repoPath(params)}/issues/${issueNumber}`, body: { type: 'json', value: changes } });
      return issue(edited);
    },
    getFile: (params: z.output<typeof GetFileParams>, ctx: ActionContext) => getFile(api(ctx), params, ctx),
    createFile: (params: z.output<typeof PutFileParams>, ctx: ActionContext) => putFile(api(ctx), params, ctx, 'create'),
    editFile: (params: z.output<typeof PutFileParams>, ctx: ActionContext) => putFile(api(ctx), params, ctx, 'edit'),
    deleteFile: (params: z.output<typeof DeleteFileParams>, ctx: ActionContext) => deleteFile(api(ctx), params),
    async createRelease(params: z.output<typeof CreateReleaseParams>, ctx: ActionContext) {
      const release = await api(ctx).call<{ id: number; tag_name: string; name: string; draft: boolean; prerelease: boolean; html_url: string }>(`Releasing ${params.tag} of ${params.owner}/${params.repo}`, {
        method: 'POST',
        url: `${repoPath(params)}/releases`,
        body: { type: 'json', value: { tag_name: params.tag, ...(params.name ? { name: params.name } : {}), ...(params.body ? { body: params.body } : {}), draft: params.draft, prerelease: params.prerelease } },
      });
      return { id: release.id, tag: release.tag_name, name: release.name, draft: release.draft, prerelease: release.prerelease, htmlUrl: release.html_url };
    },
  },
});
