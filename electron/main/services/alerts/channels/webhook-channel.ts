import { createHmac } from 'node:crypto';
import { EchelonError } from '../../../../../shared/contract/errors';
import type { IntegrationsService } from '../../integrations/integrations-service';
import { resolveSecretRecord, type SecretSource } from '../../secrets/secret-source';
import { noticePayload } from '../alert-notice';
import type { ChannelSender } from './channel-sender';

export const SIGNATURE_HEADER = 'x-echelon-signature';
export const TIMESTAMP_HEADER = 'x-echelon-timestamp';

/**
 * The signature a receiver recomputes: HMAC-SHA256, keyed by the shared secret, over
 * `<timestamp>.<body>` (the timestamp lets it refuse replays), as `sha256=<hex>`.
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A JSON POST to any URL, signed with a vault secret, through the integrations HTTP client. */
export function webhookChannel(integrations: IntegrationsService, secrets: SecretSource): ChannelSender<'webhook'> {
  return async (notice, config, channel) => {
    const accessor = { kind: 'integration' as const, id: `alerts/${channel.name}` };
    const key = secrets.reveal(config.signingSecret, undefined, accessor);
    const body = JSON.stringify({ ...noticePayload(notice), sentAt: new Date().toISOString(), channel: channel.name });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await integrations.request(undefined, {
      method: 'POST',
      url: config.url,
      headers: {
        ...resolveSecretRecord(config.headers, secrets, accessor),
        'user-agent': 'Echelon-Alerts',
        'x-echelon-event': notice.event,
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signWebhook(key, timestamp, body),
      },
      body: { type: 'text', value: body, contentType: 'application/json' },
      responseType: 'text',
      timeoutMs: 15_000,
    });
    if (response.status < 200 || response.status >= 300) {
      throw new EchelonError('unavailable', `The webhook answered HTTP ${response.status}: check the URL and that the receiver accepts the signature.`);
    }
  };
}
