import { ROOT_CONTEXT } from '@opentelemetry/api';
import { SamplingDecision, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';

/**
 * Which executions are traced: the OpenTelemetry ratio sampler on the trace id (so a ratio
 * means the same as in any SDK), then at most `maxPerSecond` new traces a second. The limit
 * keeps a busy engine's tracing cheap and its collector unflooded: every run is traced while
 * runs are few, a steady sample of them when there are thousands a second.
 */
export class ExecutionSampler {
  private readonly ratio: TraceIdRatioBasedSampler;
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratioValue: number,
    /** 0: no limit. */
    private readonly maxPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.ratio = new TraceIdRatioBasedSampler(ratioValue);
    this.tokens = maxPerSecond;
    this.last = now();
  }

  /** `traceIdOf` is called only when the ratio needs it: most runs of a busy engine are decided without hashing. */
  sampled(traceIdOf: () => string): boolean {
    if (this.maxPerSecond > 0) {
      const now = this.now();
      this.tokens = Math.min(this.maxPerSecond, this.tokens + ((now - this.last) / 1000) * this.maxPerSecond);
      this.last = now;
      if (this.tokens < 1) return false;
    }
    if (this.ratioValue < 1 && this.ratio.shouldSample(ROOT_CONTEXT, traceIdOf()).decision !== SamplingDecision.RECORD_AND_SAMPLED) return false;
    if (this.maxPerSecond > 0) this.tokens -= 1;
    return true;
  }
}
