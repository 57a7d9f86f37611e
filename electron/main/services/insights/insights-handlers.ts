import type { Handlers } from '../../../../shared/rpc/router';
import type { Engine } from '../engine/engine';
import { InsightsService } from './insights-service';

/** A workflow's "time saved per run" setting, read once per saved version. */
function timeSavedSetting(engine: Engine): (workflowId: string) => number | undefined {
  const known = new Map<string, { version: number; minutes: number | undefined }>();
  return (workflowId) => {
    let version: number;
    try {
      version = engine.workflows.require(workflowId).currentVersion;
    } catch {
      return undefined;
    }
    const cached = known.get(workflowId);
    if (cached?.version === version) return cached.minutes;
    const minutes = engine.workflows.document(workflowId, version).document.settings?.timeSavedMinutes;
    known.set(workflowId, { version, minutes });
    return minutes;
  };
}

export function insightsHandlers(engine: Engine): Pick<Handlers, 'insights.summary'> {
  const insights = new InsightsService({ reader: engine.runStatsReader, timeSaved: timeSavedSetting(engine) });
  return {
    'insights.summary': ({ range }) => insights.summary(range),
  };
}
