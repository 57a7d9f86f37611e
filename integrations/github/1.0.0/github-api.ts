import { expectOk } from '../../../shared/integrations/http-errors';
import type { HttpRequest } from '../../../shared/integrations/http';
import { absoluteNext, collectPages, parseLinkHeader } from '../../../shared/integrations/pagination';
import type { ActionContext } from '../../../shared/integrations/plugin-code';

/** GitHub's REST conventions, shared by the plugin's versions: its media type, a User-Agent, Link pagination. */
export interface GithubApi {
  call<T>(what: string, request: HttpRequest): Promise<T>;
  list<T>(what: string, path: string, query: Record<string, string | number>, maxPages: number): Promise<T[]>;
}

export function githubApi(ctx: ActionContext, extraHeaders: Record<string, string> = {}): GithubApi {
  const headers = { accept: 'application/vnd.github+json', 'user-agent': 'Echelon', ...extraHeaders };
  return {
    async call<T>(what: string, request: HttpRequest) {
      const response = expectOk(await ctx.request({ ...request, headers: { ...headers, ...request.headers } }), what);
      return response.body as T;
    },
    async list<T>(what: string, path: string, query: Record<string, string | number>, maxPages: number) {
      const { items } = await collectPages<T>(async (next) => {
        const response = expectOk(await ctx.request({ url: next ?? path, query: next ? {} : query, headers, pageOf: next ? path : undefined }), what);
        return { items: response.body as T[], next: absoluteNext(parseLinkHeader(response.headers.link).next, response.url), bytes: response.size };
      }, maxPages);
      return items;
    },
  };
}

export const repoPath = (params: { owner: string; repo: string }) => `repos/${encodeURIComponent(params.owner)}/${encodeURIComponent(params.repo)}`;
