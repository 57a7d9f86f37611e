import { BarChart3 } from 'lucide-react';
import { useState } from 'react';
import type { AgentDayMetrics } from '../../../shared/contract';
import { useApiQuery } from '../api/hooks';
import { SegmentedChoice } from '../components/segmented-choice';
import { DayLines, TaskBars } from './charts';
import { PriceTable } from './price-table';
import { count, duration, usd } from './status';
import { TasksTable } from './tasks-table';

const RANGES = [
  { value: '7', label: '7 days' },
  { value: '14', label: '14 days' },
  { value: '30', label: '30 days' },
] as const;

const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);

function MetricsRow({ row, onOpen }: { row: AgentDayMetrics; onOpen?(): void }) {
  return (
    <tr onClick={onOpen} style={onOpen ? { cursor: 'pointer' } : undefined} data-testid="metrics-row">
      <td>{row.agentName}</td>
      <td className="num">{row.completed}</td>
      <td className="num">{row.failed}</td>
      <td className="num">{row.stopped}</td>
      <td className="num">{percent(row.successRate)}</td>
      <td className="num">{row.stepsPerTask === null ? '—' : row.stepsPerTask.toFixed(1)}</td>
      <td className="num">
        {duration(row.latencyMs.p50)} / {duration(row.latencyMs.p95)} / {duration(row.latencyMs.p99)}
      </td>
      <td className="num">
        {count(row.inputTokens)} / {count(row.outputTokens)}
      </td>
      <td className="num">{usd(row.costUsd)}</td>
    </tr>
  );
}

/** One agent over the range: its tools, why its tasks stopped, its recent failures. */
function Report({ agent, days, onOpenTask }: { agent: string; days: number; onOpenTask(id: number): void }) {
  const report = useApiQuery('agents.report', { agent, days });
  if (!report.data) return null;
  const { tools, stopReasons, recentFailures } = report.data;
  return (
    <section className="card" data-testid="agent-report">
      <h2 className="card-title">{report.data.agent.name}: report</h2>
      <div className="grid-2">
        <div>
          <h3 className="section-title">Tools</h3>
          {tools.length === 0 ? (
            <p className="muted">No tool calls in this period.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>Tool</th>
                  <th className="num">Calls</th>
                  <th className="num">Errors</th>
                  <th className="num">Approved</th>
                  <th className="num">Denied</th>
                </tr>
              </thead>
              <tbody>
                {tools.map((tool) => (
                  <tr key={`${tool.server}__${tool.tool}`}>
                    <td className="mono">
                      {tool.server}__{tool.tool}
                    </td>
                    <td className="num">{tool.calls}</td>
                    <td className="num">{tool.errors}</td>
                    <td className="num">{tool.approvals}</td>
                    <td className="num">{tool.denials}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div>
          <h3 className="section-title">Why tasks stopped</h3>
          {stopReasons.length === 0 ? <p className="muted">No task hit a limit.</p> : <ul>{stopReasons.map((reason) => <li key={reason.reason}>{reason.reason}: {reason.count}</li>)}</ul>}
        </div>
      </div>
      <h3 className="section-title">Recent failures</h3>
      {recentFailures.length === 0 ? <p className="muted">None.</p> : <TasksTable tasks={recentFailures} onSelect={onOpenTask} />}
    </section>
  );
}

/** Tasks, latency, tokens and cost per day; a table per agent; the price table. */
export function Analytics({ onOpenTask }: { onOpenTask(id: number): void }) {
  const [range, setRange] = useState<(typeof RANGES)[number]['value']>('14');
  const [report, setReport] = useState<string | undefined>();
  const metrics = useApiQuery('agents.metrics', { days: Number(range) });
  const totals = metrics.data?.totals ?? [];
  const days = totals.map((day) => day.day);
  const empty = metrics.data !== undefined && metrics.data.agents.length === 0;
  return (
    <section className="agent-stack" data-testid="agents-analytics">
      <div className="toolbar">
        <SegmentedChoice label="Period" name="period" choices={RANGES} value={range} onChange={setRange} small />
      </div>
      {empty ? (
        <p className="notice muted">
          <BarChart3 size={14} aria-hidden /> No task has finished in this period: numbers and charts appear as agents work.
        </p>
      ) : (
        <>
          <div className="grid-2">
            <div className="card">
              <h2 className="card-title">Tasks per day</h2>
              <TaskBars days={totals} label={`Tasks finished per day over ${range} days`} />
            </div>
            <div className="card">
              <h2 className="card-title">Latency (completed tasks)</h2>
              <DayLines
                days={days}
                series={[
                  { name: 'p50', values: totals.map((day) => day.latencyMs.p50) },
                  { name: 'p95', values: totals.map((day) => day.latencyMs.p95) },
                  { name: 'p99', values: totals.map((day) => day.latencyMs.p99) },
                ]}
                format={(value) => duration(value)}
                label="Task latency percentiles per day"
              />
            </div>
            <div className="card">
              <h2 className="card-title">Tokens per day</h2>
              <DayLines
                days={days}
                series={[
                  { name: 'input', values: totals.map((day) => day.inputTokens) },
                  { name: 'output', values: totals.map((day) => day.outputTokens) },
                ]}
                format={(value) => count(Math.round(value))}
                label="Tokens per day"
              />
            </div>
            <div className="card">
              <h2 className="card-title">Cost per day</h2>
              <DayLines days={days} series={[{ name: 'USD', values: totals.map((day) => day.costUsd) }]} format={usd} label="Cost per day" />
            </div>
          </div>
          <section className="card">
            <h2 className="card-title">Per agent</h2>
            <div className="table-scroll">
              <table className="table" data-testid="metrics-table">
                <thead>
                  <tr>
                    <th>Agent</th>
                    <th className="num">Done</th>
                    <th className="num">Failed</th>
                    <th className="num">Stopped</th>
                    <th className="num">Success</th>
                    <th className="num">Steps/task</th>
                    <th className="num">Latency p50 / p95 / p99</th>
                    <th className="num">Tokens in / out</th>
                    <th className="num">Cost</th>
                  </tr>
                </thead>
                <tbody>
                  {metrics.data?.agents.map((row) => (
                    <MetricsRow key={`${row.agentId}-${row.agentName}`} row={row} onOpen={row.agentId ? () => setReport(row.agentId!) : undefined} />
                  ))}
                </tbody>
              </table>
            </div>
            <p className="muted small">Click an agent for its report.</p>
          </section>
          {report && <Report agent={report} days={Number(range)} onOpenTask={onOpenTask} />}
        </>
      )}
      <section className="card">
        <h2 className="card-title">Prices</h2>
        <PriceTable />
      </section>
    </section>
  );
}
