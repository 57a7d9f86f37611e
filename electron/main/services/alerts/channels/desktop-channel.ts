import type { Notifier } from '../../engine/ports';
import { noticeSubject, noticeText, type AlertNotice } from '../alert-notice';
import type { ChannelSender } from './channel-sender';

/** A system notification through the engine's notifier port (Electron's, or the activity log headless). */
export function desktopChannel(notifier: Notifier): ChannelSender<'desktop'> {
  return async (notice: AlertNotice) => {
    const [, ...body] = noticeText(notice).split('\n');
    notifier.notify({ title: noticeSubject(notice), body: body.slice(0, 2).join('\n'), source: 'alerts' });
  };
}
