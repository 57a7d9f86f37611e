import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../electron/main/serve/http-server';
import type { Host } from '../../electron/main/services/host';
import { mergeSubjects, presenceEntries } from '../../electron/main/services/sync/presence';
import type { PresenceEntry } from '../../shared/contract/team';
import { removeTeamDataDirs, startTeamBackend, teamInstance, waitUntil, type TeamBackend } from '../helpers/team';

/**
 * Presence per window: every window or tab of an Echelon says what it shows, a person is one
 * avatar however many windows and computers they use, and a closed window's subject leaves with
 * it. Through the real supabase-js, the stand-in's Realtime presence and `echelon serve`'s WebSocket.
 */

let backend: TeamBackend;
let ada: Host;
let bob: Host;
let server: RunningServer;
const hosts: Host[] = [];

beforeAll(async () => {
  backend = await startTeamBackend();
  for (const email of ['ada@example.com', 'bob@example.com']) await backend.standIn.auth.createUser(email, 'correct horse');
  ada = await teamInstance(backend, 'ada@example.com');
  hosts.push(ada);
  await ada.team.createOrganization('Acme');
  const invitation = await ada.team.invite('bob@example.com', 'agent_manager');
  bob = await teamInstance(backend, 'bob@example.com');
  hosts.push(bob);
  await bob.team.acceptInvitation(invitation.id);
  await waitUntil(() => ada.team.syncStatus().live && bob.team.syncStatus().live, 'both on the channel');
  server = await startServer({ host: ada, rendererDir: os.tmpdir(), port: 0 });
}, 90_000);

afterAll(async () => {
  await server?.close();
  for (const host of hosts.splice(0).reverse()) await host.dispose();
  await backend?.stop();
  removeTeamDataDirs();
});

/** A browser tab of `echelon serve`: one WebSocket connection calling the contract. */
async function openTab(): Promise<{ setPresence(subject: unknown): Promise<void>; close(): void }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let next = 1;
  return {
    setPresence: (subject) =>
      new Promise((resolve, reject) => {
        const id = next++;
        const onMessage = (raw: WebSocket.RawData) => {
          const frame = JSON.parse(raw.toString()) as { type: string; id?: number; result?: { ok: boolean; error?: { message: string } } };
          if (frame.type !== 'result' || frame.id !== id) return;
          ws.off('message', onMessage);
          if (frame.result?.ok) resolve();
          else reject(new Error(frame.result?.error?.message));
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify({ type: 'invoke', id, method: 'team.setPresence', input: { subject } }));
      }),
    close: () => ws.close(),
  };
}

const adaOn = (host: Host): PresenceEntry[] => host.team.presence().filter((entry) => entry.email === 'ada@example.com');
const subjectsOf = (host: Host) => adaOn(host)[0]?.subjects.map((subject) => `${subject.kind}:${subject.id}:${subject.editing ? 'editing' : 'viewing'}`).sort() ?? [];
const until = (host: Host, expected: string[], what: string) => waitUntil(() => JSON.stringify(subjectsOf(host)) === JSON.stringify([...expected].sort()), `${what} (bob sees ${JSON.stringify(subjectsOf(host))})`);

describe('presence per window', () => {
  it('shows what each tab has open, one avatar per person, and forgets a tab when it closes', async () => {
    const first = await openTab();
    const second = await openTab();
    await first.setPresence({ kind: 'workflow', id: 'wf-orders', editing: false });
    await second.setPresence({ kind: 'agent', id: 'ag-triage', editing: true });
    await until(bob, ['workflow:wf-orders:viewing', 'agent:ag-triage:editing'], 'both tabs of ada');
    expect(adaOn(bob)).toHaveLength(1);
    expect(adaOn(bob)[0]).toMatchObject({ self: false, subject: { kind: 'agent', id: 'ag-triage', editing: true } });

    // The second tab opens the same workflow to edit it: still one subject for it, now "editing".
    await second.setPresence({ kind: 'workflow', id: 'wf-orders', editing: true });
    await until(bob, ['workflow:wf-orders:editing'], 'one subject for two tabs on one workflow');

    // One tab leaving the page does not take the other's subject away.
    await second.setPresence(null);
    await until(bob, ['workflow:wf-orders:viewing'], 'the first tab still viewing');

    // Closing a tab without a word (the browser tab is closed) is enough.
    await second.setPresence({ kind: 'agent', id: 'ag-triage', editing: false });
    await until(bob, ['workflow:wf-orders:viewing', 'agent:ag-triage:viewing'], 'the second tab back');
    second.close();
    await until(bob, ['workflow:wf-orders:viewing'], 'the closed tab gone');
    first.close();
    await until(bob, [], 'every tab closed');
    // Still online: ada's Echelon runs on, without anything open.
    expect(adaOn(bob)).toHaveLength(1);
  });

  it('is one person across two computers, and a computer that quits leaves cleanly', async () => {
    const laptop = await teamInstance(backend, 'ada@example.com');
    hosts.push(laptop);
    await waitUntil(() => laptop.team.syncStatus().live, 'the laptop on the channel');
    await ada.team.setPresence({ kind: 'workflow', id: 'wf-desk', editing: true });
    await laptop.team.setPresence({ kind: 'workflow', id: 'wf-laptop', editing: false });
    await until(bob, ['workflow:wf-desk:editing', 'workflow:wf-laptop:viewing'], 'both computers of ada');
    expect(adaOn(bob)).toHaveLength(1);
    // Each of ada's computers sees the other's windows too, as her own.
    await until(laptop, ['workflow:wf-desk:editing', 'workflow:wf-laptop:viewing'], 'the desk on the laptop');
    expect(adaOn(laptop)[0]!.self).toBe(true);

    hosts.splice(hosts.indexOf(laptop), 1);
    await laptop.dispose();
    await until(bob, ['workflow:wf-desk:editing'], 'the laptop gone');
    await ada.team.setPresence(null);
    await until(bob, [], 'nothing open');
  });
});

describe('presence entries', () => {
  const meta = (userId: string, subjects: { kind: 'workflow' | 'agent'; id: string; editing: boolean }[], since = '2026-12-07T10:00:00.000Z') => ({ userId, name: userId, email: `${userId}@example.com`, since, subjects });

  it('merges one person\'s metas, keeps the earliest "since", and reads the single subject older versions track', () => {
    const entries = presenceEntries(
      {
        ada: [meta('ada', [{ kind: 'workflow', id: 'w1', editing: false }], '2026-12-07T11:00:00.000Z'), meta('ada', [{ kind: 'workflow', id: 'w1', editing: true }])],
        bob: [{ userId: 'bob', name: 'bob', email: 'bob@example.com', since: '2026-12-07T09:00:00.000Z', subject: { kind: 'agent', id: 'a1', editing: false } }],
      },
      { id: 'bob' },
    );
    expect(entries.map((entry) => [entry.userId, entry.self, entry.since, entry.subjects])).toEqual([
      ['bob', true, '2026-12-07T09:00:00.000Z', [{ kind: 'agent', id: 'a1', editing: false }]],
      ['ada', false, '2026-12-07T10:00:00.000Z', [{ kind: 'workflow', id: 'w1', editing: true }]],
    ]);
  });

  it('lists editing before viewing, each subject once', () => {
    expect(
      mergeSubjects([
        { kind: 'workflow', id: 'w1', editing: false },
        { kind: 'agent', id: 'w1', editing: false },
        { kind: 'workflow', id: 'w2', editing: true },
        { kind: 'workflow', id: 'w1', editing: false },
      ]),
    ).toEqual([
      { kind: 'workflow', id: 'w2', editing: true },
      { kind: 'workflow', id: 'w1', editing: false },
      { kind: 'agent', id: 'w1', editing: false },
    ]);
  });
});
