import { EchelonError } from '../../../../../shared/contract/errors';
import type { IntegrationsService } from '../../integrations/integrations-service';
import { noticeText } from '../alert-notice';
import type { ChannelSender } from './channel-sender';

/**
 * Through a Slack connection of the Slack integration: `chat.postMessage` with its bot token
 * when the channel names a Slack channel, else the connection's incoming webhook.
 */
export function slackChannel(integrations: IntegrationsService): ChannelSender<'slack'> {
  return async (notice, config) => {
    const connection = integrations.connections.get(config.connectionId);
    if (connection.pluginId !== 'slack') throw new EchelonError('invalid_input', `Connection "${connection.name}" is not a Slack connection: pick one made with the Slack integration.`, { path: 'config.connectionId' });
    const text = noticeText(notice);
    if (config.channel) await integrations.runAction('slack', connection.pluginVersion, 'postMessage', { channel: config.channel, text }, { connectionId: connection.id });
    else await integrations.runAction('slack', connection.pluginVersion, 'sendWebhookMessage', { text }, { connectionId: connection.id });
  };
}
