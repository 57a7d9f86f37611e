import type { ClaimedRun } from './team-state';

interface Waiting {
  id: number;
  resolve(run: ClaimedRun | undefined): void;
  reject(error: unknown): void;
}

/**
 * Claims the runs of jobs fetched in the same tick in one Postgres round trip: a worker with
 * free slots fetches several jobs at once, and one transaction per job would be its bottleneck.
 */
export class ClaimBatcher {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(private readonly claimAll: (ids: number[]) => Promise<ClaimedRun[]>) {}

  claim(id: number): Promise<ClaimedRun | undefined> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ id, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    this.scheduled = false;
    try {
      const claimed = new Map((await this.claimAll(batch.map((entry) => entry.id))).map((run) => [run.row.id, run]));
      for (const entry of batch) entry.resolve(claimed.get(entry.id));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }
}
