import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { EchelonError } from '../../../../shared/contract/errors';
import { ChannelConfig, type AlertChannelInput } from '../../../../shared/contract/alerts';
import type { ChangeTracker } from '../store/change-tracker';

export type ParsedChannel = z.output<typeof AlertChannelInput>;
export type ChannelSettings = z.output<typeof ChannelConfig>;

export interface StoredChannel {
  id: string;
  name: string;
  config: ChannelSettings;
  enabled: boolean;
  notifyResolved: boolean;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: string;
  name: string;
  config: string;
  enabled: number;
  notifyResolved: number;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = 'id, name, config, enabled, notify_resolved AS notifyResolved, created_at AS createdAt, updated_at AS updatedAt';

function toChannel(row: Row): StoredChannel {
  return { ...row, config: ChannelConfig.parse(JSON.parse(row.config)), enabled: row.enabled === 1, notifyResolved: row.notifyResolved === 1 };
}

/** Where alerts go besides the inbox. Configurations hold vault record names, never secret values. */
export class ChannelRepository {
  private readonly statements;

  constructor(
    db: Database.Database,
    private readonly changes: ChangeTracker,
  ) {
    this.statements = {
      all: db.prepare(`SELECT ${COLUMNS} FROM alert_channels ORDER BY created_at, name`),
      get: db.prepare(`SELECT ${COLUMNS} FROM alert_channels WHERE id = ?`),
      byName: db.prepare('SELECT id FROM alert_channels WHERE name = ?'),
      insert: db.prepare(`INSERT INTO alert_channels (id, name, type, config, enabled, notify_resolved, created_at, updated_at)
        VALUES (@id, @name, @type, @config, @enabled, @notifyResolved, @now, @now)`),
      update: db.prepare(`UPDATE alert_channels SET name = @name, type = @type, config = @config, enabled = @enabled, notify_resolved = @notifyResolved, updated_at = @now WHERE id = @id`),
      remove: db.prepare('DELETE FROM alert_channels WHERE id = ?'),
    };
  }

  all(): StoredChannel[] {
    return (this.statements.all.all() as Row[]).map(toChannel);
  }

  find(id: string): StoredChannel | undefined {
    const row = this.statements.get.get(id) as Row | undefined;
    return row ? toChannel(row) : undefined;
  }

  save(channel: ParsedChannel): StoredChannel {
    const id = channel.id ?? `channel-${randomUUID().slice(0, 8)}`;
    const sameName = (this.statements.byName.get(channel.name) as { id: string } | undefined)?.id;
    if (sameName && sameName !== id) throw new EchelonError('conflict', `A channel named "${channel.name}" already exists: choose another name.`, { path: 'name' });
    const values = { id, name: channel.name, type: channel.config.type, config: JSON.stringify(channel.config), enabled: channel.enabled ? 1 : 0, notifyResolved: channel.notifyResolved ? 1 : 0, now: new Date().toISOString() };
    if (this.find(id)) this.statements.update.run(values);
    else this.statements.insert.run(values);
    this.changes.touched('alert_channels');
    return this.find(id)!;
  }

  remove(id: string): boolean {
    const removed = this.statements.remove.run(id).changes > 0;
    if (removed) this.changes.touched('alert_channels');
    return removed;
  }
}
