import { ArrowDownRight, ArrowUpRight, Minus } from 'lucide-react';
import type { InsightsRange, InsightsSummary, PeriodFigures } from '../../../shared/contract';
import { failureTone, formatCount, formatDuration, formatMinutes, formatPercent, type Tone } from '../executions/format';

export const RANGE_LABELS: Record<InsightsRange, string> = { '1h': 'hour', '24h': '24 hours', '7d': '7 days', '30d': '30 days' };

interface Card {
  key: keyof PeriodFigures;
  label: string;
  /** What the figure counts, said on the card. */
  counts: string;
  format(figures: PeriodFigures): string;
  /** Whether a rise is good news (colours the change). */
  better: 'up' | 'down';
  tone?(figures: PeriodFigures): Tone | undefined;
}

const CARDS: Card[] = [
  { key: 'runs', label: 'Runs', counts: 'finished runs', format: (f) => formatCount(f.runs), better: 'up' },
  { key: 'failed', label: 'Failures', counts: 'runs that failed', format: (f) => formatCount(f.failed), better: 'down', tone: (f) => (f.failed > 0 ? 'danger' : undefined) },
  { key: 'failureRate', label: 'Failure rate', counts: 'failures / finished runs', format: (f) => (f.failureRate === null ? '—' : formatPercent(f.failureRate)), better: 'down', tone: (f) => (f.failureRate === null ? undefined : failureTone(f.failureRate)) },
  { key: 'avgMs', label: 'Average run time', counts: 'start to finish', format: (f) => formatDuration(f.avgMs), better: 'down' },
  { key: 'p95Ms', label: 'p95 run time', counts: '95% of runs were faster', format: (f) => formatDuration(f.p95Ms), better: 'down' },
  { key: 'timeSavedMinutes', label: 'Time saved', counts: 'successful runs × minutes each saves', format: (f) => formatMinutes(f.timeSavedMinutes), better: 'up' },
];

/** The change from the previous period, as a signed percentage (or points, for rates). */
function change(card: Card, current: PeriodFigures, previous: PeriodFigures): { text: string; direction: 'up' | 'down' | 'flat' } | undefined {
  const now = current[card.key] as number | null;
  const before = previous[card.key] as number | null;
  if (now === null || before === null) return undefined;
  if (card.key === 'failureRate') {
    const points = (now - before) * 100;
    if (Math.abs(points) < 0.05) return { text: 'no change', direction: 'flat' };
    return { text: `${points > 0 ? '+' : '−'}${Math.abs(points).toFixed(1)} pts`, direction: points > 0 ? 'up' : 'down' };
  }
  if (before === 0) return now === 0 ? { text: 'no change', direction: 'flat' } : { text: 'new', direction: 'up' };
  const percent = ((now - before) / before) * 100;
  if (Math.abs(percent) < 0.5) return { text: 'no change', direction: 'flat' };
  return { text: `${percent > 0 ? '+' : '−'}${formatCount(Math.round(Math.abs(percent)))}%`, direction: percent > 0 ? 'up' : 'down' };
}

/** Each figure of the period with its change against the period before. */
export function InsightCards({ summary, onOpen }: { summary: InsightsSummary; onOpen(card: keyof PeriodFigures): void }) {
  const period = RANGE_LABELS[summary.range];
  return (
    <section className="insight-cards" data-testid="insight-cards">
      {CARDS.map((card) => {
        const delta = change(card, summary.current, summary.previous);
        const good = delta && delta.direction !== 'flat' && delta.direction === card.better;
        const Icon = !delta || delta.direction === 'flat' ? Minus : delta.direction === 'up' ? ArrowUpRight : ArrowDownRight;
        const tone = card.tone?.(summary.current);
        const unset = card.key === 'timeSavedMinutes' && !summary.timeSavedConfigured;
        return (
          <button type="button" key={card.key} className={`stat card insight${tone ? ` stat-${tone}` : ''}`} onClick={() => onOpen(card.key)} data-testid={`insight-${card.key}`} title={`${card.label}: ${card.counts}, last ${period}`}>
            <span className="stat-label">{card.label}</span>
            <span className="stat-value">{card.format(summary.current)}</span>
            <span className="stat-hint muted">{unset ? 'set “time saved per run” in a workflow’s settings' : `${card.counts}, last ${period}`}</span>
            {delta && !unset && (
              <span className={`delta ${delta.direction === 'flat' ? 'flat' : good ? 'good' : 'bad'}`} data-testid="insight-change">
                <Icon size={13} aria-hidden /> {delta.text} <span className="muted">vs previous {period}</span>
              </span>
            )}
          </button>
        );
      })}
    </section>
  );
}
