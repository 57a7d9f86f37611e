import { z } from 'zod';
import { JsonValue } from '../workflow/document';
import { method } from './define';

/** A person's role in an organization; RLS enforces the same on the server. */
export const TeamRole = z.enum(['admin', 'agent_manager', 'viewer']);
export type TeamRole = z.infer<typeof TeamRole>;

export const TEAM_ROLE_LABELS: Record<TeamRole, string> = { admin: 'Admin', agent_manager: 'Agent manager', viewer: 'Viewer' };

/** What a role may do, for the UI (the server checks again). */
export function canEdit(role: TeamRole | undefined): boolean {
  return role === undefined || role === 'admin' || role === 'agent_manager';
}

export const TeamUser = z.object({ id: z.string(), email: z.string(), name: z.string() });
export type TeamUser = z.infer<typeof TeamUser>;

export const Organization = z.object({ id: z.string(), name: z.string(), role: TeamRole });
export type Organization = z.infer<typeof Organization>;

/**
 * - solo: team sync is not configured; everything stays local.
 * - signed_out: configured, nobody signed in.
 * - locked: signed in before, but the vault (which keeps the session) is locked.
 * - no_organization: signed in, no organization chosen yet.
 * - synced / pushing / pulling: online, with nothing (or N changes) on the way.
 * - offline: the project cannot be reached; N changes wait.
 * - conflict: edits on both sides to the same field wait for a person.
 * - error: the last attempt failed for another reason (message says which).
 */
export const SyncState = z.enum(['solo', 'signed_out', 'locked', 'no_organization', 'synced', 'pushing', 'pulling', 'offline', 'conflict', 'error']);
export type SyncState = z.infer<typeof SyncState>;

export const SyncStatus = z.object({
  state: SyncState,
  /** Local changes not yet accepted by the server. */
  pending: z.number().int(),
  /** Local changes the server refused (kept locally, marked). */
  rejected: z.number().int(),
  conflicts: z.number().int(),
  /** Whether Realtime is connected (changes arrive live) — pulls still run without it. */
  live: z.boolean(),
  message: z.string().optional(),
  lastSyncedAt: z.string().optional(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const TeamStatus = z.object({
  configured: z.boolean(),
  projectUrl: z.string().optional(),
  user: TeamUser.optional(),
  organizations: z.array(Organization),
  organization: Organization.optional(),
  sync: SyncStatus,
});
export type TeamStatus = z.infer<typeof TeamStatus>;

export const Member = z.object({ userId: z.string(), email: z.string(), name: z.string().optional(), role: TeamRole, joinedAt: z.string(), online: z.boolean() });
export type Member = z.infer<typeof Member>;

export const Invitation = z.object({ id: z.string(), orgId: z.string(), organization: z.string().optional(), email: z.string(), role: TeamRole, createdAt: z.string() });
export type Invitation = z.infer<typeof Invitation>;

/** What a teammate is looking at: a workflow or agent, viewing or editing. */
export const PresenceSubject = z.object({ kind: z.enum(['workflow', 'agent']), id: z.string().min(1).max(200), editing: z.boolean() });
export type PresenceSubject = z.infer<typeof PresenceSubject>;

export const PresenceEntry = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  /** Two letters for the avatar, and a stable hue from the user id. */
  initials: z.string(),
  hue: z.number().int(),
  /** The first of `subjects` (one being edited, if any). */
  subject: PresenceSubject.optional(),
  /** Everything they have open, in any window, tab or computer: one per workflow or agent (editing wins over viewing). */
  subjects: z.array(PresenceSubject),
  self: z.boolean(),
  since: z.string(),
});
export type PresenceEntry = z.infer<typeof PresenceEntry>;

/** One field edited on both sides: the side-by-side diff the conflict dialog shows. */
export const ConflictField = z.object({
  /** Dotted path in the entity (`nodes.fetch.parameters.url`). */
  path: z.string(),
  label: z.string(),
  base: JsonValue.optional(),
  local: JsonValue.optional(),
  remote: JsonValue.optional(),
});
export type ConflictField = z.infer<typeof ConflictField>;

export const Conflict = z.object({
  id: z.number().int(),
  kind: z.string(),
  entityId: z.string(),
  name: z.string(),
  remoteBy: z.string().optional(),
  createdAt: z.string(),
  fields: z.array(ConflictField),
  /** Changes merged without trouble (other nodes or fields), kept whatever is chosen. */
  mergedCount: z.number().int(),
});
export type Conflict = z.infer<typeof Conflict>;

export const RejectedChange = z.object({ kind: z.string(), entityId: z.string(), name: z.string(), reason: z.string(), changedAt: z.string() });
export type RejectedChange = z.infer<typeof RejectedChange>;

export const AuditScope = z.enum(['local', 'team']);
export const TeamAuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subjectKind: z.string().optional(),
  subjectId: z.string().optional(),
  subjectName: z.string().optional(),
  detail: z.record(z.string(), JsonValue),
});
export type TeamAuditEntry = z.infer<typeof TeamAuditEntry>;

export const AuditQuery = z
  .object({
    scope: AuditScope.default('local'),
    /** Matched against action, subject, actor and detail. */
    search: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(1000).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

export const TeamRun = z.object({
  id: z.string(),
  kind: z.enum(['execution', 'agent_task']),
  subjectId: z.string(),
  subjectName: z.string(),
  status: z.string(),
  runner: z.string(),
  finishedAt: z.string().optional(),
  durationMs: z.number().int().optional(),
  by: z.string().optional(),
});
export type TeamRun = z.infer<typeof TeamRun>;

export const SignInInput = z.discriminatedUnion('method', [
  z.object({ method: z.literal('password'), email: z.string().email(), password: z.string().min(1).max(500) }).strict(),
  z.object({ method: z.literal('sign_up'), email: z.string().email(), password: z.string().min(6).max(500), name: z.string().max(200).optional() }).strict(),
  /** Sends the magic link (and its one-time code) by email. */
  z.object({ method: z.literal('magic_link'), email: z.string().email() }).strict(),
  /** The six-digit code from the magic-link email. */
  z.object({ method: z.literal('code'), email: z.string().email(), code: z.string().regex(/^\d{6,10}$/, 'The code is the digits from the email.') }).strict(),
  /** Opens the provider's page in the system browser; the session arrives on the callback. */
  z.object({ method: z.literal('oauth'), provider: z.enum(['github', 'google', 'gitlab', 'azure', 'bitbucket']) }).strict(),
]);
export type SignInInput = z.infer<typeof SignInInput>;

/** Virtual tables: sync writes report them so the renderer refreshes what shows them. */
export const TEAM_STATUS_TABLE = 'team_status';
export const TEAM_PRESENCE_TABLE = 'team_presence';
const TEAM = [TEAM_STATUS_TABLE] as const;

export const teamMethods = {
  'team.status': method({
    description: 'Whether team sync is set up, who is signed in, the organizations, and the sync status.',
    input: z.object({}).strict(),
    output: TeamStatus,
    reads: [...TEAM, 'sync_outbox', 'sync_conflicts'],
  }),
  'team.configure': method({
    description: 'Sets the Supabase project (URL and anon key) team sync uses, or clears it.',
    input: z.union([z.object({ projectUrl: z.string().url(), anonKey: z.string().min(20).max(2000) }).strict(), z.object({ clear: z.literal(true) }).strict()]),
    output: TeamStatus,
  }),
  'team.signIn': method({
    description: 'Signs in by password, magic link (send, then the code), or an OAuth provider in the system browser.',
    input: SignInInput,
    output: z.object({ status: TeamStatus, message: z.string().optional(), url: z.string().optional() }),
  }),
  'team.signOut': method({ description: 'Signs out and forgets the session; local data stays.', input: z.object({}).strict(), output: TeamStatus }),
  'team.createOrganization': method({ description: 'Creates an organization with you as its admin.', input: z.object({ name: z.string().trim().min(1).max(200) }).strict(), output: TeamStatus }),
  'team.switchOrganization': method({ description: 'Makes another organization the one this data dir syncs with.', input: z.object({ orgId: z.string().min(1) }).strict(), output: TeamStatus }),
  'team.members': method({ description: 'Members of the organization, with their roles and whether they are online.', input: z.object({}).strict(), output: z.array(Member), reads: [...TEAM, TEAM_PRESENCE_TABLE] }),
  'team.invite': method({ description: 'Invites someone by email with a role (admins).', input: z.object({ email: z.string().email(), role: TeamRole }).strict(), output: Invitation }),
  'team.invitations': method({
    description: 'Open invitations: those of the organization (admins) and those addressed to you.',
    input: z.object({}).strict(),
    output: z.object({ sent: z.array(Invitation), received: z.array(Invitation) }),
    reads: [...TEAM],
  }),
  'team.acceptInvitation': method({ description: 'Joins the organization an invitation is for.', input: z.object({ id: z.string().min(1) }).strict(), output: TeamStatus }),
  'team.withdrawInvitation': method({ description: 'Withdraws an invitation (admins).', input: z.object({ id: z.string().min(1) }).strict(), output: z.object({ withdrawn: z.boolean() }) }),
  'team.setRole': method({ description: 'Changes a member\'s role (admins).', input: z.object({ userId: z.string().min(1), role: TeamRole }).strict(), output: z.array(Member) }),
  'team.removeMember': method({ description: 'Removes a member from the organization (admins).', input: z.object({ userId: z.string().min(1) }).strict(), output: z.array(Member) }),
  'team.presence': method({ description: 'Who is online and what each views or edits.', input: z.object({}).strict(), output: z.array(PresenceEntry), reads: [TEAM_PRESENCE_TABLE] }),
  'team.setPresence': method({
    description: 'Tells teammates what this window or tab views or edits (nothing: just online); each window counts on its own until it closes.',
    input: z.object({ subject: PresenceSubject.nullable() }).strict(),
    output: z.object({ ok: z.boolean() }),
  }),
  'team.conflicts': method({ description: 'Edits to the same field on both sides, waiting for a choice.', input: z.object({}).strict(), output: z.array(Conflict), reads: ['sync_conflicts'] }),
  'team.resolveConflict': method({
    description: 'Resolves a conflict: per field (by path) keep yours or theirs; fields not named keep yours.',
    input: z.object({ id: z.number().int(), choices: z.record(z.string(), z.enum(['local', 'remote'])).default({}), all: z.enum(['local', 'remote']).optional() }).strict(),
    output: z.object({ resolved: z.boolean() }),
  }),
  'team.rejected': method({ description: 'Local changes the server refused, with its reason.', input: z.object({}).strict(), output: z.array(RejectedChange), reads: ['sync_outbox'] }),
  'team.discardRejected': method({
    description: 'Drops a refused local change and takes the team\'s version back.',
    input: z.object({ kind: z.string().min(1), entityId: z.string().min(1) }).strict(),
    output: z.object({ discarded: z.boolean() }),
  }),
  'team.syncNow': method({ description: 'Pushes and pulls now instead of waiting.', input: z.object({}).strict(), output: SyncStatus }),
  'team.audit': method({
    description: 'The audit log: this computer\'s (local) or the organization\'s (team, admins), newest first.',
    input: AuditQuery,
    output: z.object({ entries: z.array(TeamAuditEntry), total: z.number().int() }),
    reads: ['audit_log', 'vault_audit'],
  }),
  'team.auditExport': method({
    description: 'The audit log (filtered like team.audit) as CSV or JSON text.',
    input: z.object({ scope: AuditScope.default('local'), search: z.string().max(200).optional(), format: z.enum(['csv', 'json']) }).strict(),
    output: z.object({ text: z.string(), fileName: z.string(), count: z.number().int() }),
  }),
  'team.runs': method({
    description: 'Recent runs of shared workflows and agent tasks, everyone\'s.',
    input: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.array(TeamRun),
    reads: ['team_execution_summaries'],
  }),
};

export const teamEvents = {
  /** A teammate's run of a shared workflow or agent task finished (Realtime broadcast). */
  'team.runFinished': z.object({ by: z.string(), kind: z.enum(['execution', 'agent_task']), subjectName: z.string(), status: z.string() }),
};
