import { Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../api/hooks';

/** The price of models per million tokens, as cost is computed; local models without a price cost nothing. */
export function PriceTable() {
  const prices = useApiQuery('agents.prices.list', {});
  const set = useApiMutation('agents.prices.set');
  const remove = useApiMutation('agents.prices.remove');
  const [draft, setDraft] = useState({ model: '', input: '', output: '' });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    set.mutate({ model: draft.model.trim(), inputPerMillion: Number(draft.input), outputPerMillion: Number(draft.output) }, { onSuccess: () => setDraft({ model: '', input: '', output: '' }) });
  };
  return (
    <div data-testid="price-table">
      <table className="table">
        <thead>
          <tr>
            <th>Model</th>
            <th className="num">Input, $ per 1M tokens</th>
            <th className="num">Output, $ per 1M tokens</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {prices.data?.map((price) => (
            <tr key={price.model}>
              <td className="mono">{price.model}</td>
              <td className="num">{price.inputPerMillion}</td>
              <td className="num">{price.outputPerMillion}</td>
              <td className="num">
                <button type="button" className="icon-button" aria-label={`Remove ${price.model}`} onClick={() => remove.mutate({ model: price.model })}>
                  <Trash2 size={14} />
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="agent-form-row" onSubmit={submit}>
        <label>
          Model <span className="muted">(a * at the end prices every model it starts)</span>
          <input className="form-control" required value={draft.model} onChange={(event) => setDraft({ ...draft, model: event.target.value })} placeholder="gpt-4o-mini or claude-3-5-haiku*" />
        </label>
        <label>
          Input $
          <input className="form-control" required type="number" min={0} step="any" value={draft.input} onChange={(event) => setDraft({ ...draft, input: event.target.value })} />
        </label>
        <label>
          Output $
          <input className="form-control" required type="number" min={0} step="any" value={draft.output} onChange={(event) => setDraft({ ...draft, output: event.target.value })} />
        </label>
        <button type="submit" className="button" disabled={set.isPending}>
          Save price
        </button>
      </form>
    </div>
  );
}
