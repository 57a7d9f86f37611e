import type Database from 'better-sqlite3';
import type { ModelPrice } from '../../../../../shared/contract';
import type { ChangeTracker } from '../../store/change-tracker';

const PER_MILLION = 1_000_000;

/**
 * What a model costs per million tokens, editable (`agent_prices`). A name ending in `*` prices
 * every model it prefixes; the exact name wins, then the longest prefix. Models without a price
 * (those served from this machine, typically) cost nothing.
 */
export class PriceTable {
  private readonly statements;
  private cached: ModelPrice[] | undefined;

  constructor(
    db: Database.Database,
    private readonly changes: ChangeTracker,
  ) {
    this.statements = {
      list: db.prepare('SELECT model, input_per_million AS inputPerMillion, output_per_million AS outputPerMillion, updated_at AS updatedAt FROM agent_prices ORDER BY model'),
      upsert: db.prepare(
        `INSERT INTO agent_prices (model, input_per_million, output_per_million, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (model) DO UPDATE SET input_per_million = excluded.input_per_million, output_per_million = excluded.output_per_million, updated_at = excluded.updated_at`,
      ),
      remove: db.prepare('DELETE FROM agent_prices WHERE model = ?'),
    };
  }

  list(): ModelPrice[] {
    return (this.cached ??= this.statements.list.all() as ModelPrice[]);
  }

  set(price: Omit<ModelPrice, 'updatedAt'>): ModelPrice {
    const saved = { ...price, updatedAt: new Date().toISOString() };
    this.statements.upsert.run(saved.model, saved.inputPerMillion, saved.outputPerMillion, saved.updatedAt);
    this.cached = undefined;
    this.changes.touched('agent_prices');
    return saved;
  }

  remove(model: string): boolean {
    const removed = this.statements.remove.run(model).changes > 0;
    this.cached = undefined;
    this.changes.touched('agent_prices');
    return removed;
  }

  priceOf(model: string): ModelPrice | undefined {
    let best: ModelPrice | undefined;
    for (const price of this.list()) {
      if (price.model === model) return price;
      if (price.model.endsWith('*') && model.startsWith(price.model.slice(0, -1)) && (!best || price.model.length > best.model.length)) best = price;
    }
    return best;
  }

  /**
   * USD for the tokens. A priced model costs its price wherever it is served (a local proxy to a
   * cloud model too); an unpriced one costs nothing, and `priced` says so when it is not local.
   */
  cost(model: string, usage: { inputTokens: number; outputTokens: number }, local: boolean): { costUsd: number; priced: boolean } {
    const price = this.priceOf(model);
    if (!price) return { costUsd: 0, priced: local };
    return { costUsd: (usage.inputTokens * price.inputPerMillion + usage.outputTokens * price.outputPerMillion) / PER_MILLION, priced: true };
  }
}
