import { EchelonError, type Connection } from '../../../../../shared/contract';

/**
 * What goes with a page a response named (a Link header's next page, a cursor URL): on the
 * origin of the listing's first page, the request's credentials; elsewhere (another host,
 * port, or plain http after https) nothing, and only when the connection allows it. A request
 * that carries no credential goes anywhere.
 */
export function pageCredentials(firstPage: URL | undefined, url: URL, carriesCredentials: boolean, connection: Connection | undefined): 'send' | 'omit' {
  if (firstPage === undefined || !carriesCredentials || url.origin === firstPage.origin) return 'send';
  if (connection?.settings.crossOriginPages === 'without_credentials') return 'omit';
  const downgrade = firstPage.protocol === 'https:' && url.protocol === 'http:' ? ' (plain http after https)' : '';
  const whose = connection ? `the credentials of "${connection.name}"` : "this request's credentials";
  const advice = connection
    ? 'To fetch such pages without credentials, set "Next pages on other origins" to "without credentials" in the connection\'s settings.'
    : 'Send the request without credential headers to follow it.';
  throw new EchelonError('forbidden', `The next page is on ${url.origin}, not ${firstPage.origin}${downgrade}: Echelon does not send ${whose} to another origin. ${advice}`, { path: 'pagination' });
}
