/**
 * Collects the tables that writes touched and reports them once per tick, so a burst
 * of writes costs the renderer one refresh.
 */
export class ChangeTracker {
  private pending = new Set<string>();
  private scheduled = false;

  constructor(private readonly report: (tables: string[]) => void) {}

  touched(...tables: string[]): void {
    for (const table of tables) this.pending.add(table);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      const tables = [...this.pending].sort();
      this.pending = new Set();
      if (tables.length > 0) this.report(tables);
    });
  }
}
