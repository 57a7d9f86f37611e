import type { BrowserOpener } from '../../electron/main/services/integrations/auth/browser-opener';
import type { GoogleOAuth } from '../fixtures/google-oauth';
import type { IntegrationsHost } from './integrations-host';

/** The system browser at Google's consent page: it approves and follows the redirect to the loopback URI. */
export function approvingBrowser(visits: Promise<unknown>[]): BrowserOpener {
  return {
    async open(url) {
      visits.push(
        fetch(url, { redirect: 'manual' }).then(async (consent) => {
          const back = consent.headers.get('location');
          if (!back) throw new Error(`The consent page answered ${consent.status}: ${await consent.text()}`);
          return (await fetch(back)).text();
        }),
      );
    },
  };
}

/** A connection to a Google stand-in, authorized through its OAuth endpoints as a person does it. */
export async function authorizedGoogleConnection(env: IntegrationsHost, pluginId: string, api: { url: string; oauth: GoogleOAuth }, visits: Promise<unknown>[]): Promise<string> {
  const connection = await env.call('integrations.connections.create', {
    pluginId,
    name: `Google ${Math.random()}`,
    config: { baseUrl: api.url },
    auth: { type: 'oauth2', flow: 'authorization_code', clientId: api.oauth.client.id, clientSecret: api.oauth.client.secret, authorizationUrl: `${api.url}/o/oauth2/v2/auth`, tokenUrl: `${api.url}/token` },
    // Google's own quota is the manifest's default; the stand-in has none.
    settings: { rateLimit: { requestsPerSecond: 1000, burst: 100 } },
  });
  const { completion } = await env.host.integrations.connections.authorize(connection.id);
  await completion;
  await Promise.all(visits);
  return connection.id;
}
