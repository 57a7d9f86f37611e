import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AgentDefinition, EchelonError } from '../../../../../shared/contract';
import type { ChangeTracker } from '../../store/change-tracker';

/** Whether the agent should run: its status comes from this and from what its runtime is doing. */
export type DesiredState = 'inactive' | 'active' | 'paused';

export interface StoredAgent {
  id: string;
  name: string;
  currentVersion: number;
  desiredState: DesiredState;
  createdAt: string;
  updatedAt: string;
}

const AGENT = 'id, name, current_version AS currentVersion, desired_state AS desiredState, created_at AS createdAt, updated_at AS updatedAt';

/** Named statements over `agents` and `agent_versions`. A version, once written, never changes. */
export class AgentRepository {
  private readonly statements;
  private readonly definitions = new Map<string, AgentDefinition>();

  constructor(
    private readonly db: Database.Database,
    private readonly changes: ChangeTracker,
  ) {
    this.statements = {
      list: db.prepare(`SELECT ${AGENT} FROM agents ORDER BY name COLLATE NOCASE`),
      byId: db.prepare(`SELECT ${AGENT} FROM agents WHERE id = ?`),
      byName: db.prepare(`SELECT ${AGENT} FROM agents WHERE name = ? COLLATE NOCASE`),
      insert: db.prepare('INSERT INTO agents (id, name, current_version, desired_state, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?)'),
      update: db.prepare('UPDATE agents SET name = ?, current_version = ?, updated_at = ? WHERE id = ?'),
      setState: db.prepare('UPDATE agents SET desired_state = ?, updated_at = ? WHERE id = ?'),
      insertVersion: db.prepare('INSERT INTO agent_versions (agent_id, version, definition, created_at) VALUES (?, ?, ?, ?)'),
      version: db.prepare<[string, number], { definition: string }>('SELECT definition FROM agent_versions WHERE agent_id = ? AND version = ?'),
      versions: db.prepare<[string], { version: number; definition: string; createdAt: string }>('SELECT version, definition, created_at AS createdAt FROM agent_versions WHERE agent_id = ? ORDER BY version DESC'),
      remove: db.prepare('DELETE FROM agents WHERE id = ?'),
    };
  }

  list(): StoredAgent[] {
    return this.statements.list.all() as StoredAgent[];
  }

  /** By id, or by name (case does not matter). */
  find(ref: string): StoredAgent | undefined {
    return (this.statements.byId.get(ref) ?? this.statements.byName.get(ref)) as StoredAgent | undefined;
  }

  require(ref: string): StoredAgent {
    const agent = this.find(ref);
    if (!agent) throw new EchelonError('not_found', `No agent "${ref}": list them with \`echelon agent list\` or on the Agents page.`, { path: 'agent' });
    return agent;
  }

  /** A version's definition (the current one by default); parsed once, then kept (versions never change). */
  definition(id: string, version?: number): AgentDefinition {
    const wanted = version ?? this.require(id).currentVersion;
    const key = `${id}@${wanted}`;
    const known = this.definitions.get(key);
    if (known) return known;
    const row = this.statements.version.get(id, wanted);
    if (!row) throw new EchelonError('not_found', `Agent ${id} has no version ${wanted}.`);
    const parsed = AgentDefinition.parse(JSON.parse(row.definition));
    this.definitions.set(key, parsed);
    return parsed;
  }

  versions(id: string): { version: number; createdAt: string; model: string }[] {
    return this.statements.versions.all(id).map((row) => ({ version: row.version, createdAt: row.createdAt, model: String((JSON.parse(row.definition) as { model?: string }).model ?? '') }));
  }

  /** Creates an agent, or adds a version when the definition changed; the name must be free. */
  save(id: string | undefined, definition: AgentDefinition): StoredAgent {
    if (id) this.require(id);
    return this.saveAs(id ?? `ag_${randomBytes(6).toString('hex')}`, definition);
  }

  /** The same under a given id: team sync keeps the team's ids, so every teammate's copy is one agent. */
  saveAs(id: string, definition: AgentDefinition): StoredAgent {
    const clash = this.statements.byName.get(definition.name) as StoredAgent | undefined;
    if (clash && clash.id !== id) throw new EchelonError('conflict', `An agent named "${definition.name}" already exists: choose another name.`, { path: 'definition.name' });
    const now = new Date().toISOString();
    const text = JSON.stringify(definition);
    const changed = this.db.transaction(() => {
      const current = this.statements.byId.get(id) as StoredAgent | undefined;
      if (!current) {
        this.statements.insert.run(id, definition.name, 'inactive', now, now);
        this.statements.insertVersion.run(id, 1, text, now);
        return true;
      }
      if (this.statements.version.get(id, current.currentVersion)?.definition === text) return false;
      this.statements.update.run(definition.name, current.currentVersion + 1, now, id);
      this.statements.insertVersion.run(id, current.currentVersion + 1, text, now);
      return true;
    })();
    if (changed) this.changes.touched('agents', 'agent_versions');
    return this.require(id);
  }

  setDesiredState(id: string, state: DesiredState): void {
    this.statements.setState.run(state, new Date().toISOString(), id);
    this.changes.touched('agents');
  }

  remove(id: string): boolean {
    const removed = this.statements.remove.run(id).changes > 0;
    for (const key of this.definitions.keys()) if (key.startsWith(`${id}@`)) this.definitions.delete(key);
    this.changes.touched('agents', 'agent_versions');
    return removed;
  }
}
