import { type Mapper, type Params, action, list, locator, obj, str } from './common';

/** n8n's GitHub node (v1, v1.1): issues, comments, files, releases and repositories, as the github integration (version 2). */

const GITHUB_VERSION = '2.0.0';
const entries = (value: Params[keyof Params] | undefined, key: string) => list(value).map((entry) => str(obj(entry)[key])).filter(Boolean);

export const github: Mapper = (node, params, ctx) => {
  const repo: Params = { owner: locator(params.owner).value, repo: locator(params.repository).value };
  const at = (actionId: string, parameters: Params) => ({ ...action(node, ctx, 'github', 'GitHub', actionId, { ...repo, ...parameters }), version: GITHUB_VERSION });
  const resource = str(params.resource, 'issue');
  const extra = obj(params.additionalParameters);
  const fields = obj(params.additionalFields);
  const branch = str(obj(extra.branch).branch);
  const author = obj(extra.author);
  const file = (): Params => ({
    path: str(params.filePath),
    ...(params.binaryData === true ? { binaryProperty: str(params.binaryPropertyName, 'data') } : { content: str(params.fileContent) }),
    message: str(params.commitMessage),
    ...(branch ? { branch } : {}),
    ...(author.name && author.email ? { authorName: str(author.name), authorEmail: str(author.email) } : {}),
  });
  switch (`${resource}:${str(params.operation, resource === 'repository' || resource === 'user' ? 'get' : 'create')}`) {
    case 'issue:create':
      return at('createIssue', { title: str(params.title), body: str(params.body), labels: entries(params.labels, 'label'), assignees: entries(params.assignees, 'assignee') });
    case 'issue:createComment':
      return at('addIssueComment', { issueNumber: params.issueNumber ?? null, body: str(params.body) });
    case 'issue:get':
      return at('getIssue', { issueNumber: params.issueNumber ?? null });
    case 'issue:edit': {
      const edit = obj(params.editFields);
      return at('editIssue', {
        issueNumber: params.issueNumber ?? null,
        ...(edit.title !== undefined ? { title: str(edit.title) } : {}),
        ...(edit.body !== undefined ? { body: str(edit.body) } : {}),
        ...(edit.state !== undefined ? { state: str(edit.state) } : {}),
        ...(edit.labels !== undefined ? { labels: entries(edit.labels, 'label') } : {}),
        ...(edit.assignees !== undefined ? { assignees: entries(edit.assignees, 'assignee') } : {}),
      });
    }
    case 'file:create':
      return at('createFile', file());
    case 'file:edit':
      return at('editFile', file());
    case 'file:delete':
      return at('deleteFile', { path: str(params.filePath), message: str(params.commitMessage), ...(branch ? { branch } : {}) });
    case 'file:get':
      return at('getFile', { path: str(params.filePath), asBinary: params.asBinaryProperty !== false, binaryProperty: str(params.binaryPropertyName, 'data'), ...(extra.reference ? { ref: str(extra.reference) } : {}) });
    case 'release:create':
      return at('createRelease', { tag: str(params.releaseTag), ...(fields.name ? { name: str(fields.name) } : {}), ...(fields.body ? { body: str(fields.body) } : {}), draft: fields.draft === true, prerelease: fields.prerelease === true });
    case 'repository:get':
      return at('getRepository', {});
    case 'repository:getIssues':
      return at('listIssues', { state: str(obj(params.getRepositoryIssuesFilters).state, 'open') === 'closed' ? 'closed' : str(obj(params.getRepositoryIssuesFilters).state, 'open') === 'all' ? 'all' : 'open' });
    default:
      return undefined;
  }
};
