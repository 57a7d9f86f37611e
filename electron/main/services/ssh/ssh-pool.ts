import type { SshLink } from './ssh-connect';

export interface Lease {
  link: SshLink;
  release(): void;
}

interface Pooled {
  link: Promise<SshLink>;
  version: string;
  leases: number;
  retired: boolean;
  idleTimer?: NodeJS.Timeout;
}

export interface SshPoolOptions {
  /** An unused link closes after this long. */
  idleMs: number;
  /** Actions sharing one link at once; each may open a channel or two (sshd allows 10 by default). */
  leasesPerLink: number;
}

const DEFAULTS: SshPoolOptions = { idleMs: 30_000, leasesPerLink: 4 };

/**
 * Authenticated SSH links shared by the actions of one connection, so a workflow running a
 * command per item does not pay a handshake per item. A link opens on demand, closes when idle,
 * and is replaced once its connection (or a jump connection) is edited.
 */
export class SshPool {
  private readonly links = new Map<string, Pooled[]>();
  private readonly options: SshPoolOptions;

  constructor(options: Partial<SshPoolOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  get size(): number {
    return [...this.links.values()].reduce((count, list) => count + list.length, 0);
  }

  async lease(key: string, version: string, open: () => Promise<SshLink>): Promise<Lease> {
    const list = this.links.get(key) ?? [];
    this.links.set(key, list);
    for (const stale of list.filter((pooled) => pooled.version !== version)) this.retire(key, stale);
    let pooled = list.find((candidate) => !candidate.retired && candidate.leases < this.options.leasesPerLink);
    if (!pooled) {
      const fresh: Pooled = { link: open(), version, leases: 0, retired: false };
      fresh.link.then(
        (link) => link.onClose(() => this.remove(key, fresh)),
        () => this.remove(key, fresh),
      );
      list.push(fresh);
      pooled = fresh;
    }
    pooled.leases += 1;
    clearTimeout(pooled.idleTimer);
    let link: SshLink;
    try {
      link = await pooled.link;
    } catch (error) {
      pooled.leases -= 1;
      throw error;
    }
    if (link.closed) {
      // The server dropped it while idle: the next lease opens a new one.
      pooled.leases -= 1;
      this.remove(key, pooled);
      return this.lease(key, version, open);
    }
    let released = false;
    const owner = pooled;
    return {
      link,
      release: () => {
        if (released) return;
        released = true;
        owner.leases -= 1;
        if (owner.leases > 0) return;
        if (owner.retired) this.close(key, owner);
        else owner.idleTimer = setTimeout(() => this.close(key, owner), this.options.idleMs).unref();
      },
    };
  }

  /** Links of a connection whose settings changed: closed once their current users are done. */
  private retire(key: string, pooled: Pooled): void {
    pooled.retired = true;
    if (pooled.leases === 0) this.close(key, pooled);
  }

  private close(key: string, pooled: Pooled): void {
    clearTimeout(pooled.idleTimer);
    this.remove(key, pooled);
    pooled.link.then((link) => link.close(), () => {});
  }

  private remove(key: string, pooled: Pooled): void {
    pooled.retired = true;
    const list = this.links.get(key)?.filter((candidate) => candidate !== pooled) ?? [];
    if (list.length > 0) this.links.set(key, list);
    else this.links.delete(key);
  }

  dispose(): void {
    for (const [key, list] of [...this.links]) for (const pooled of list) this.close(key, pooled);
  }
}
