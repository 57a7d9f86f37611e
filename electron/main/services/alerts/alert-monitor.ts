import type { Alert, AlertKindInfo } from '../../../../shared/contract/alerts';
import { formatAlertValue, formatWindow } from '../../../../shared/alerts/format-value';
import { toDisposable, type Disposable } from '../../../../shared/lifecycle/disposable';
import type { AlertRepository } from './alert-repository';
import { evaluateRule, type Decision } from './evaluator';
import type { RuleRepository, StoredRule } from './rule-repository';
import type { AlertSignal, Measurement } from './signals/signal';

export interface AlertMonitorOptions {
  rules: RuleRepository;
  alerts: AlertRepository;
  /** An alert fired or resolved: tell its rule's channels, the renderer, the metrics. */
  changed(event: 'fired' | 'resolved', alert: Alert, rule: StoredRule | undefined): void;
  log(level: 'info' | 'warn', message: string): void;
}

export interface EvaluationResult {
  fired: number;
  resolved: number;
}

/** Evaluates every rule against its signal and turns the decisions into alerts. */
export class AlertMonitor {
  private readonly signals = new Map<string, AlertSignal>();
  private readonly reported = new Map<string, string>();

  constructor(private readonly options: AlertMonitorOptions) {}

  register(signal: AlertSignal): Disposable {
    if (this.signals.has(signal.info.kind)) throw new Error(`An alert signal of kind "${signal.info.kind}" is already registered.`);
    this.signals.set(signal.info.kind, signal);
    return toDisposable(() => void this.signals.delete(signal.info.kind));
  }

  signal(kind: string): AlertSignal | undefined {
    return this.signals.get(kind);
  }

  kinds(): AlertKindInfo[] {
    return [...this.signals.values()].map((signal) => signal.info);
  }

  /** Workflows that have an enabled rule of their own, per kind: a global rule of that kind leaves them to it. */
  private overrides(rules: readonly StoredRule[]): Map<string, Set<string>> {
    const byKind = new Map<string, Set<string>>();
    for (const rule of rules) {
      if (!rule.enabled || rule.workflowId === null) continue;
      const set = byKind.get(rule.kind) ?? new Set<string>();
      set.add(rule.workflowId);
      byKind.set(rule.kind, set);
    }
    return byKind;
  }

  measure(rule: StoredRule, now: number, overrides = this.overrides(this.options.rules.all())): Measurement[] {
    const signal = this.signals.get(rule.kind);
    if (!signal) return [];
    return signal.measure({ workflowId: rule.workflowId, windowSeconds: rule.windowSeconds, exclude: rule.workflowId === null ? overrides.get(rule.kind) : undefined }, now);
  }

  evaluate(now = Date.now()): EvaluationResult {
    const result: EvaluationResult = { fired: 0, resolved: 0 };
    const rules = this.options.rules.all();
    const overrides = this.overrides(rules);
    const known = new Set(rules.map((rule) => rule.id));
    for (const rule of rules) {
      let decisions: Decision[];
      try {
        // A switched-off rule, or one whose signal is gone, measures nothing: its alerts resolve.
        const measurements = rule.enabled ? this.measure(rule, now, overrides) : [];
        decisions = evaluateRule(rule, measurements, this.options.alerts.open(rule.id), (subject) => this.options.alerts.lastResolvedAt(rule.id, subject), now);
        this.reported.delete(rule.id);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (this.reported.get(rule.id) !== message) this.options.log('warn', `Alert rule "${rule.name}" could not be evaluated: ${message}`);
        this.reported.set(rule.id, message);
        continue;
      }
      for (const decision of decisions) this.apply(rule, decision, now, result);
    }
    for (const alert of this.options.alerts.firing()) {
      if (known.has(alert.ruleId)) continue;
      if (this.resolve(alert.id, now, undefined)) result.resolved++;
    }
    return result;
  }

  private apply(rule: StoredRule, decision: Decision, now: number, result: EvaluationResult): void {
    switch (decision.type) {
      case 'fire': {
        const info = this.signals.get(rule.kind)!.info;
        const { measurement } = decision;
        const window = info.usesWindow ? ` over ${formatWindow(rule.windowSeconds)}` : '';
        const id = this.options.alerts.insert({
          ruleId: rule.id,
          ruleName: rule.name,
          kind: rule.kind,
          severity: rule.severity,
          subjectKey: measurement.subjectKey,
          subjectName: measurement.subjectName,
          workflowId: measurement.workflowId ?? rule.workflowId,
          title: `${rule.name}: ${measurement.subjectName}`,
          message: `${info.label} is ${formatAlertValue(measurement.value, info.unit)}${window} (threshold ${formatAlertValue(rule.threshold, info.unit)})${measurement.detail ? `: ${measurement.detail}` : ''}.`,
          unit: info.unit,
          value: measurement.value,
          threshold: rule.threshold,
          firedAt: now,
        });
        result.fired++;
        this.options.changed('fired', this.options.alerts.get(id)!, rule);
        return;
      }
      case 'resolve':
        if (this.resolve(decision.alert.id, now, rule)) result.resolved++;
        return;
      case 'peak':
        this.options.alerts.raisePeak(decision.alert.id, decision.value);
        return;
      case 'cooldown':
        return;
    }
  }

  private resolve(id: number, now: number, rule: StoredRule | undefined): boolean {
    if (!this.options.alerts.resolve(id, now)) return false;
    this.options.changed('resolved', this.options.alerts.get(id)!, rule);
    return true;
  }
}
