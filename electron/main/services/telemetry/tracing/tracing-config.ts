import type { TracingSettings } from '../../../../../shared/contract/observability';

export interface ResolvedTracing {
  enabled: boolean;
  /** The full OTLP/HTTP traces URL. */
  url: string | null;
  /** Header values as written: `{{ secrets.NAME }}` is resolved when the exporter starts. */
  headers: Record<string, string>;
  sampleRatio: number;
  maxTracesPerSecond: number;
  source: 'settings' | 'environment' | 'none';
}

const TRACES_PATH = 'v1/traces';

/** `key=value,key2=value2`, values URL-encoded: the `OTEL_EXPORTER_OTLP_HEADERS` format. */
export function parseOtlpHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    try {
      headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      // A malformed pair is skipped, as the OpenTelemetry SDKs do.
    }
  }
  return headers;
}

/** A collector's base URL gets `/v1/traces`; a URL already naming it is kept. */
export function tracesUrl(endpoint: string): string {
  const url = new URL(endpoint);
  if (!url.pathname.endsWith(`/${TRACES_PATH}`)) url.pathname = `${url.pathname.replace(/\/+$/, '')}/${TRACES_PATH}`;
  return url.toString();
}

/**
 * Tracing is off unless turned on in the settings or by `OTEL_TRACES_EXPORTER=otlp`, and always
 * off with `OTEL_SDK_DISABLED=true`. The endpoint and headers come from the settings first, then
 * from the standard `OTEL_EXPORTER_OTLP_*` variables.
 */
export function resolveTracing(settings: TracingSettings, env: NodeJS.ProcessEnv): ResolvedTracing {
  const envUrl = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || (env.OTEL_EXPORTER_OTLP_ENDPOINT ? tracesUrl(env.OTEL_EXPORTER_OTLP_ENDPOINT) : undefined);
  const url = settings.endpoint ? tracesUrl(settings.endpoint) : (envUrl ?? null);
  const headers = { ...parseOtlpHeaders(env.OTEL_EXPORTER_OTLP_HEADERS), ...parseOtlpHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS), ...settings.headers };
  const wanted = settings.enabled || env.OTEL_TRACES_EXPORTER?.split(',').map((name) => name.trim()).includes('otlp') === true;
  const disabled = env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true';
  return {
    enabled: wanted && !disabled,
    url,
    headers,
    sampleRatio: settings.sampleRatio,
    maxTracesPerSecond: settings.maxTracesPerSecond,
    source: settings.endpoint ? 'settings' : envUrl ? 'environment' : 'none',
  };
}
