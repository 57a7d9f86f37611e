import type { JsonValue } from '../../../../../shared/workflow/document';
import type { Engine } from '../../engine/engine';
import { noticePayload } from '../alert-notice';
import type { ChannelSender } from './channel-sender';

/** Starts a workflow from its Alert trigger with the notice (`{ event, alert }`) as the trigger's output. */
export function workflowChannel(engine: Engine): ChannelSender<'workflow'> {
  return async (notice, config) => {
    await engine.startFor('alert', config.workflowId, noticePayload(notice) as JsonValue);
  };
}
