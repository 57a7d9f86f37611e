import type { Handlers } from '../../../../shared/rpc/router';
import type { TelemetryService } from './telemetry-service';

type TelemetryHandlers = Pick<Handlers, 'telemetry.get' | 'telemetry.update' | 'telemetry.tracing.test' | 'telemetry.metrics.rotateToken' | 'telemetry.metrics.clearToken'>;

export function telemetryHandlers(telemetry: TelemetryService): TelemetryHandlers {
  return {
    'telemetry.get': () => telemetry.status(),
    'telemetry.update': async (patch) => {
      await telemetry.tracing.update(patch);
      return telemetry.status();
    },
    'telemetry.tracing.test': () => telemetry.tracing.test(),
    'telemetry.metrics.rotateToken': () => ({ token: telemetry.settings.rotateScrapeToken() }),
    'telemetry.metrics.clearToken': () => ({ cleared: telemetry.settings.clearScrapeToken() }),
  };
}
