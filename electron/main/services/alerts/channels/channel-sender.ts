import type { AlertNotice } from '../alert-notice';
import type { ChannelSettings } from '../channel-repository';

/** Delivers a notice through one kind of channel; throws an error a person can act on when it could not. */
export type ChannelSender<T extends ChannelSettings['type']> = (notice: AlertNotice, config: Extract<ChannelSettings, { type: T }>, channel: { id: string; name: string }) => Promise<void>;

export type ChannelSenders = { [T in ChannelSettings['type']]: ChannelSender<T> };
