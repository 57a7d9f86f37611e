import { Bell, Mail, MessageSquare, Webhook, Workflow, type LucideIcon } from 'lucide-react';
import type { AlertChannel, ChannelType } from '../../../shared/contract';

export const CHANNEL_TYPES: Record<ChannelType, { label: string; icon: LucideIcon; help: string }> = {
  slack: { label: 'Slack', icon: MessageSquare, help: 'Posts through a Slack connection: to a channel with its bot token, or through its incoming webhook.' },
  email: { label: 'Email', icon: Mail, help: 'Sends over SMTP; the login stays in the vault and is read only when sending.' },
  webhook: { label: 'Webhook', icon: Webhook, help: 'POSTs the alert as JSON to any URL, signed with an HMAC the receiver can check.' },
  workflow: { label: 'Workflow', icon: Workflow, help: 'Starts a workflow from its Alert trigger with the alert as input: open a ticket, page someone, restart a server.' },
  desktop: { label: 'Desktop', icon: Bell, help: 'A system notification on this computer (in the activity log when Echelon runs headless).' },
};

/** One line saying where a channel sends. */
export function channelSummary(channel: AlertChannel, names: { connection(id: string): string | undefined; workflow(id: string): string | undefined }): string {
  const config = channel.config;
  switch (config.type) {
    case 'slack':
      return `${config.channel ? config.channel : 'incoming webhook'} via ${names.connection(config.connectionId) ?? 'a deleted connection'}`;
    case 'email':
      return `${config.to.join(', ')} via ${config.host}:${config.port}`;
    case 'webhook':
      return config.url;
    case 'workflow':
      return `starts “${names.workflow(config.workflowId) ?? config.workflowId}”`;
    case 'desktop':
      return 'system notification';
  }
}
