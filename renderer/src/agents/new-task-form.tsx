import { Send } from 'lucide-react';
import { useState } from 'react';
import type { TaskPriority } from '../../../shared/contract';
import { useApiMutation } from '../api/hooks';

/** Gives an agent a task: text, optional JSON input, a priority. */
export function NewTaskForm({ agent, onCreated }: { agent: string; onCreated(id: number): void }) {
  const [task, setTask] = useState('');
  const [input, setInput] = useState('');
  const [priority, setPriority] = useState<TaskPriority>('medium');
  const [error, setError] = useState<string | undefined>();
  const create = useApiMutation('agents.tasks.create', { meta: { inlineErrors: true }, onSuccess: (created) => onCreated(created.id), onError: (failure) => setError(failure.message) });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    let parsed: unknown;
    if (input.trim()) {
      try {
        parsed = JSON.parse(input);
      } catch (failure) {
        setError(`The input is not JSON: ${(failure as Error).message}`);
        return;
      }
    }
    setError(undefined);
    create.mutate({ agent, task, input: parsed, priority, source: 'ui' });
  };
  return (
    <form className="agent-form" onSubmit={submit} data-testid="new-task">
      <label>
        Task
        <textarea className="form-control" rows={3} required value={task} onChange={(event) => setTask(event.target.value)} placeholder="What should the agent do?" data-testid="new-task-text" />
      </label>
      <label>
        Input <span className="muted">(optional JSON)</span>
        <textarea className="form-control" rows={2} value={input} onChange={(event) => setInput(event.target.value)} placeholder='{"customer": "Ada"}' />
      </label>
      <div className="agent-form-row">
        <label className="field-inline">
          Priority
          <select className="select" value={priority} onChange={(event) => setPriority(event.target.value as TaskPriority)}>
            {(['low', 'medium', 'high', 'critical'] as const).map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button primary" disabled={create.isPending || !task.trim()} data-testid="new-task-submit">
          <Send size={14} aria-hidden /> Run task
        </button>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
