import type { AgentLimits, StopReason } from '../../../../../shared/contract';
import type { TaskRow } from '../persistence/task-repository';

/**
 * A task's limits against what it has used so far (its row carries the running totals, kept
 * across restarts). Checked after every model turn: any limit passed ends the task as
 * `stopped: <limit>`, never as success.
 */
type Usage = Pick<TaskRow, 'turns' | 'inputTokens' | 'outputTokens' | 'costUsd' | 'activeMs'>;

const ZERO: Usage = { turns: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, activeMs: 0 };

/** The usage a retry starts counting from: what the task had used when a person retried it. */
export function usageOf(task: Usage): string {
  return JSON.stringify({ turns: task.turns, inputTokens: task.inputTokens, outputTokens: task.outputTokens, costUsd: task.costUsd, activeMs: task.activeMs });
}

export class Budget {
  private readonly base: Usage;

  constructor(
    private readonly limits: AgentLimits,
    private readonly task: Usage & Pick<TaskRow, 'budgetBase'>,
  ) {
    this.base = task.budgetBase ? { ...ZERO, ...(JSON.parse(task.budgetBase) as Partial<Usage>) } : ZERO;
  }

  /** Used since the task started, or since a person last retried it. */
  used(key: keyof Usage): number {
    return this.task[key] - this.base[key];
  }

  exceeded(): StopReason | undefined {
    const { limits } = this;
    if (limits.maxInputTokens !== undefined && this.used('inputTokens') > limits.maxInputTokens) return 'max-input-tokens';
    if (limits.maxOutputTokens !== undefined && this.used('outputTokens') > limits.maxOutputTokens) return 'max-output-tokens';
    if (limits.maxCostUsd !== undefined && this.used('costUsd') > limits.maxCostUsd) return 'max-cost';
    return undefined;
  }

  get stepsLeft(): number {
    return this.limits.maxSteps - this.used('turns');
  }

  /** The most the next turn may write, when an output budget applies. */
  outputCap(): number | undefined {
    if (this.limits.maxOutputTokens === undefined) return undefined;
    return Math.max(1, this.limits.maxOutputTokens - this.used('outputTokens'));
  }

  get remainingMs(): number {
    return this.limits.timeoutSeconds * 1000 - this.used('activeMs');
  }
}
