import { CircleCheck, CircleX, Play, RefreshCw } from 'lucide-react';
import type { ApprovalPolicy, MethodOutput } from '../../../../shared/contract';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import type { Draft } from './draft';

type ToolCheck = MethodOutput<'agents.checkTools'>;

const POLICIES: { value: ApprovalPolicy['mode']; label: string }[] = [
  { value: 'never', label: 'Runs without asking' },
  { value: 'always', label: 'Always asks' },
  { value: 'rules', label: 'Asks when…' },
];

/** "Asks when" one argument matches: the simple form of a rule, enough for most policies. */
function RuleEditor({ policy, onChange }: { policy: Extract<ApprovalPolicy, { mode: 'rules' }>; onChange(policy: ApprovalPolicy): void }) {
  const rule = policy.rules[0]!;
  return (
    <div className="agent-form-row">
      <input className="form-control" aria-label="Argument" value={rule.argument} onChange={(event) => onChange({ mode: 'rules', rules: [{ ...rule, argument: event.target.value }] })} placeholder="argument (path)" />
      <select className="select" aria-label="Operator" value={rule.operator} onChange={(event) => onChange({ mode: 'rules', rules: [{ ...rule, operator: event.target.value as typeof rule.operator }] })}>
        {['equals', 'notEquals', 'contains', 'startsWith', 'glob', 'greaterThan', 'lessThan', 'exists'].map((operator) => (
          <option key={operator} value={operator}>
            {operator}
          </option>
        ))}
      </select>
      {rule.operator !== 'exists' && <input className="form-control" aria-label="Value" value={String(rule.value ?? '')} onChange={(event) => onChange({ mode: 'rules', rules: [{ ...rule, value: ['greaterThan', 'lessThan'].includes(rule.operator) ? Number(event.target.value) : event.target.value }] })} placeholder="value" />}
    </div>
  );
}

/**
 * Step 3: the tools it may call, per server, each with an approval policy. Servers that are
 * not running are started to list their tools; "Check" asks each chosen tool's server for real.
 */
export function ToolsStep({ draft, onChange, check, onChecked }: { draft: Draft; onChange(draft: Draft): void; check: ToolCheck | undefined; onChecked(check: ToolCheck | undefined): void }) {
  const catalog = useApiQuery('agents.toolCatalog', {});
  const startServer = useApiMutation('mcp.servers.start');
  const probe = useApiMutation('agents.checkTools', { onSuccess: onChecked });
  const chosen = (server: string, tool: string) => draft.tools.find((grant) => grant.server === server && grant.tool === tool);
  const suggestion = (server: string, tool: string) => draft.suggested.find((entry) => entry.server === server && entry.tool === tool);
  const toggle = (server: string, tool: string) => {
    const present = chosen(server, tool);
    const suggested = suggestion(server, tool);
    const tools = present ? draft.tools.filter((grant) => grant !== present) : [...draft.tools, { server, tool, approval: suggested?.approval ?? { mode: 'never' as const } }];
    onChange({ ...draft, tools });
    onChecked(undefined);
  };
  const setPolicy = (server: string, tool: string, approval: ApprovalPolicy) => {
    onChange({ ...draft, tools: draft.tools.map((grant) => (grant.server === server && grant.tool === tool ? { ...grant, approval } : grant)) });
  };
  const results = new Map(check?.tools.map((result) => [`${result.server}__${result.tool}`, result]));
  if (catalog.data?.length === 0) return <p className="notice">No MCP server yet: add one on the MCP Servers page to give agents tools. An agent without tools answers from what its model knows.</p>;
  return (
    <div data-testid="wizard-tools">
      {draft.suggested.length > 0 && <p className="muted small">Suggested for this role: {draft.suggested.map((entry) => `${entry.server}__${entry.tool}`).join(', ')} (ticked when you have them).</p>}
      {catalog.data?.map((server) => (
        <div key={server.server} className="tool-server" data-testid={`tool-server-${server.server}`}>
          <div className="tool-server-head">
            <span>{server.server}</span>
            <span className="muted small">{server.kind === 'workflows' ? 'workflows exposed as tools' : server.status}</span>
            {server.tools.length === 0 && server.kind === 'mcp' && (
              <button type="button" className="button" disabled={startServer.isPending} onClick={() => startServer.mutate({ name: server.server })} data-testid={`tool-server-start-${server.server}`}>
                <Play size={13} aria-hidden /> Start to list its tools
              </button>
            )}
          </div>
          {server.tools.map((tool) => {
            const grant = chosen(server.server, tool.name);
            const result = results.get(`${server.server}__${tool.name}`);
            return (
              <div key={tool.name} className="tool-row">
                <input type="checkbox" checked={!!grant} onChange={() => toggle(server.server, tool.name)} aria-label={`${server.server}__${tool.name}`} data-testid={`tool-${server.server}__${tool.name}`} />
                <span title={tool.description}>
                  <code>{tool.name}</code>
                  {suggestion(server.server, tool.name) && <span className="suggested">suggested</span>}
                  {result && <span className={result.ok ? 'check-ok' : 'check-bad'}> {result.ok ? '✓' : `✗ ${result.message}`}</span>}
                  <span className="muted small"> {tool.description.split('\n')[0]?.slice(0, 90)}</span>
                </span>
                {grant ? (
                  <select className="select"
                    aria-label={`When ${tool.name} asks`}
                    value={grant.approval.mode}
                    onChange={(event) => setPolicy(server.server, tool.name, event.target.value === 'rules' ? { mode: 'rules', rules: [{ argument: '', operator: 'equals', value: '' }] } : { mode: event.target.value as 'never' | 'always' })}
                    data-testid={`policy-${server.server}__${tool.name}`}
                  >
                    {POLICIES.map((policy) => (
                      <option key={policy.value} value={policy.value}>
                        {policy.label}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span />
                )}
                {grant?.approval.mode === 'rules' && <RuleEditor policy={grant.approval} onChange={(approval) => setPolicy(server.server, tool.name, approval)} />}
              </div>
            );
          })}
        </div>
      ))}
      <div className="agent-form-row">
        <button type="button" className="button" disabled={draft.tools.length === 0 || probe.isPending} onClick={() => probe.mutate({ tools: draft.tools.map(({ server, tool }) => ({ server, tool })) })} data-testid="wizard-check-tools">
          <RefreshCw size={14} aria-hidden className={probe.isPending ? 'spin' : undefined} /> Check the tools
        </button>
        {check && (
          <span className={check.ok ? 'check-ok' : 'check-bad'} data-testid="tools-check" data-ok={check.ok}>
            {check.ok ? <CircleCheck size={15} aria-hidden /> : <CircleX size={15} aria-hidden />} {check.ok ? (check.tools.length === 1 ? 'The tool answers.' : `All ${check.tools.length} tools answer.`) : 'Some tools are not available: see the crosses.'}
          </span>
        )}
      </div>
    </div>
  );
}
