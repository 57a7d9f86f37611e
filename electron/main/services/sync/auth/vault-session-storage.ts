import type { Vault } from '../../vault/vault';

/** The vault record that holds the team session (its refresh token above all). */
export const SESSION_RECORD = 'ECHELON_TEAM_SESSION';
const ACCESSOR = { kind: 'user', id: 'team-session' } as const;

/**
 * supabase-js's session storage, kept in the vault: the session (access and refresh tokens)
 * is one encrypted record, read once and then served from memory (supabase-js reads its
 * storage on every request). Other keys (the PKCE verifier of a sign-in underway) stay in
 * memory only.
 */
export class VaultSessionStorage {
  private readonly memory = new Map<string, string>();
  private cached: string | null | undefined;

  constructor(
    private readonly vault: Vault,
    private readonly sessionKey: string,
  ) {}

  /** A stored session exists but the vault is locked: the person must unlock it first. */
  get locked(): boolean {
    return this.cached === undefined && this.vault.exists(SESSION_RECORD) && !this.vault.isUnlocked;
  }

  /** Forgets what was read (after the vault locks), so the next read goes to the vault. */
  reset(): void {
    this.cached = undefined;
  }

  getItem(key: string): string | null {
    if (key !== this.sessionKey) return this.memory.get(key) ?? null;
    if (this.cached !== undefined) return this.cached;
    if (!this.vault.exists(SESSION_RECORD) || !this.vault.isUnlocked) return null;
    this.cached = this.vault.reveal(SESSION_RECORD, undefined, ACCESSOR);
    return this.cached;
  }

  setItem(key: string, value: string): void {
    if (key !== this.sessionKey) {
      this.memory.set(key, value);
      return;
    }
    this.cached = value;
    if (this.vault.isUnlocked) this.vault.write(SESSION_RECORD, { kind: 'secret', value }, { description: 'Team sign-in session (Supabase)', tags: ['team'] }, ACCESSOR);
  }

  removeItem(key: string): void {
    if (key !== this.sessionKey) {
      this.memory.delete(key);
      return;
    }
    this.cached = null;
    if (this.vault.isUnlocked && this.vault.exists(SESSION_RECORD)) this.vault.remove(SESSION_RECORD, ACCESSOR);
  }
}
