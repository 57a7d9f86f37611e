import { useQueryClient } from '@tanstack/react-query';
import { TriangleAlert } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ExecutionUpdate, ValidationReport } from '../../../shared/contract';
import { WorkflowDocument } from '../../../shared/workflow/document';
import { call } from '../api/client';
import { queryKey, useApiEvent, useApiQuery } from '../api/hooks';
import { useConnectionState } from '../api/connection';
import type { StepState } from '../canvas/canvas-types';
import { WorkflowEditor, type DraftState } from '../canvas/workflow-editor';
import { EmptyState } from '../components/empty-state';
import { showToast } from '../components/toasts';
import { useLiveExecutions } from '../executions/use-live-executions';
import { useHashPath } from '../navigation/use-hash-path';
import { useTheme } from '../theme/use-theme';
import { PresenceAvatars } from '../team/presence-avatars';
import { useAnnouncePresence, useCanEdit } from '../team/use-team';
import { VersionHistory } from './version-history';

const AUTOSAVE_MS = 600;
const VALIDATE_MS = 250;

/** Debounces a callback; the latest arguments win. */
function useDebounced<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const latest = useRef(fn);
  useEffect(() => {
    latest.current = fn;
  });
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(
    (...args: A) => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => latest.current(...args), ms);
    },
    [ms],
  );
}

/**
 * The canvas for one workflow: loads the saved version (or the autosaved draft), autosaves
 * every edit locally, validates as you go, saves versions and runs, showing each step live.
 */
export function WorkflowEditorPage({ workflowId, onBack }: { workflowId: string; onBack(): void }) {
  const colorMode = useTheme();
  const detail = useApiQuery('workflows.get', { id: workflowId });
  const catalog = useApiQuery('workflows.nodeTypes', {});
  const draft = useApiQuery('drafts.get', { workflowId });
  const connections = useApiQuery('integrations.connections.list', {});
  const connection = useConnectionState();
  const queryClient = useQueryClient();
  const [report, setReport] = useState<ValidationReport | undefined>();
  const [draftState, setDraftState] = useState<DraftState>('saved');
  const [states, setStates] = useState<Record<string, StepState>>({});
  const [runningId, setRunningId] = useState<number | undefined>();
  const [historyOpen, setHistoryOpen] = useState(false);
  /** The canvas as it was when the history opened, to compare versions with. */
  const [historyBase, setHistoryBase] = useState<WorkflowDocument | undefined>();
  const [incoming, setIncoming] = useState<{ document: WorkflowDocument; label: string; nonce: number } | undefined>();
  const latestDocument = useRef<WorkflowDocument | undefined>(undefined);
  // `#/workflows/<id>/execution/<n>` shows run n on the canvas.
  const [path, go] = useHashPath('workflows');
  const executionId = path[1] === 'execution' && /^\d+$/.test(path[2] ?? '') ? Number(path[2]) : undefined;
  const execution = useApiQuery('executions.get', { id: executionId ?? 1 }, { enabled: executionId !== undefined });
  useLiveExecutions();
  /** The canvas differs from the saved version (edited, or opened from a newer draft). */
  const dirty = useRef(false);
  const editable = useCanEdit();
  useAnnouncePresence({ kind: 'workflow', id: workflowId, editing: editable });
  /** Versions this window saved, and how often a teammate's newer version reloaded the canvas. */
  const ownSaves = useRef(new Set<number>());
  const seenVersion = useRef<number>(undefined);
  const [reloads, setReloads] = useState(0);
  useEffect(() => {
    const latest = detail.data?.version;
    if (latest === undefined || latest === seenVersion.current) return;
    const first = seenVersion.current === undefined;
    seenVersion.current = latest;
    if (first || ownSaves.current.has(latest)) return;
    // A teammate's version (arrived through sync): shown at once unless this canvas holds unsaved edits.
    if (!dirty.current) setReloads((count) => count + 1);
    else showToast({ kind: 'info', title: `A teammate saved version ${latest}`, detail: 'Your edits stay here as a draft; reopen the workflow to see theirs.' });
  }, [detail.data?.version]);

  // The draft wins when it was made on top of the saved version being shown.
  const start = useMemo(() => {
    if (!detail.data || draft.isLoading) return undefined;
    const parsed = draft.data ? WorkflowDocument.safeParse(draft.data.document) : undefined;
    const fromDraft = parsed?.success === true && draft.data!.baseVersion === detail.data.version;
    return { document: fromDraft ? parsed.data : detail.data.document, fromDraft };
    // Only the first load, and a teammate's version arriving on an unedited canvas, pick the starting document.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [detail.data?.id, draft.isLoading, reloads]);
  const initial = start?.document;
  useEffect(() => {
    if (start) dirty.current = start.fromDraft;
  }, [start]);

  const validate = useDebounced((document: unknown) => {
    void call('workflows.validate', { document }).then(setReport, () => undefined);
  }, VALIDATE_MS);

  const autosave = useDebounced((document: WorkflowDocument) => {
    if (!detail.data) return;
    setDraftState('saving');
    call('drafts.save', { workflowId, document, baseVersion: detail.data.version }).then(
      () => setDraftState('saved'),
      () => setDraftState('offline'),
    );
  }, AUTOSAVE_MS);

  const onDocumentChange = useCallback(
    (document: WorkflowDocument) => {
      latestDocument.current = document;
      dirty.current = true;
      setDraftState(connection === 'connected' ? 'unsaved' : 'offline');
      autosave(document);
      validate(document);
    },
    [autosave, connection, validate],
  );

  useEffect(() => {
    if (initial) validate(initial);
  }, [initial, validate]);

  const saveVersion = useCallback(
    async (document: WorkflowDocument): Promise<number | undefined> => {
      if (!detail.data) return undefined;
      try {
        const saved = await call('workflows.save', { id: workflowId, document, expectedVersion: detail.data.version });
        ownSaves.current.add(saved.version);
        dirty.current = false;
        await call('drafts.discard', { workflowId });
        setDraftState('saved');
        await queryClient.invalidateQueries({ queryKey: queryKey('workflows.get', { id: workflowId }) });
        showToast({
          kind: saved.problems.length === 0 ? 'success' : 'info',
          title: `Saved version ${saved.version}`,
          detail: saved.problems.length === 0 ? 'Ready to run.' : `${saved.problems.length} problem${saved.problems.length > 1 ? 's' : ''} still stop it from running.`,
        });
        return saved.version;
      } catch (error) {
        showToast({ kind: 'error', title: 'Could not save the workflow', detail: (error as Error).message });
        return undefined;
      }
    },
    [detail.data, queryClient, workflowId],
  );

  const run = useCallback(
    async (document: WorkflowDocument) => {
      // A run pins a saved version: save the canvas first when it differs from the saved one.
      if (dirty.current && (await saveVersion(document)) === undefined) return;
      try {
        setStates({});
        const result = await call('workflows.run', { id: workflowId });
        setRunningId(result.executionId);
        showToast({ kind: 'info', title: `Run #${result.executionId} started`, detail: 'Steps light up on the canvas as they run.' });
      } catch (error) {
        showToast({ kind: 'error', title: 'Could not run the workflow', detail: (error as Error).message });
      }
    },
    [saveVersion, workflowId],
  );

  useApiEvent(
    'executions.updated',
    useCallback(
      ({ items }: { items: ExecutionUpdate[] }) => {
        const mine = items.filter((item) => item.id === runningId);
        if (mine.length === 0) return;
        setStates((current) => {
          const next = { ...current };
          for (const item of mine) if (item.step) next[item.step.nodeId] = item.step.status;
          return next;
        });
        const last = mine.at(-1)!;
        if (['succeeded', 'failed', 'cancelled', 'crashed'].includes(last.status)) {
          setRunningId(undefined);
          showToast({ kind: last.status === 'succeeded' ? 'success' : 'error', title: `Run #${last.id} ${last.status}`, detail: 'Open Executions for every step’s input and output.' });
        }
      },
      [runningId],
    ),
  );

  if (detail.isError) {
    return (
      <div className="page">
        <EmptyState icon={TriangleAlert} title="This workflow could not be opened" action={<button type="button" className="button" onClick={onBack}>Back to workflows</button>}>
          <p>{detail.error.message}</p>
        </EmptyState>
      </div>
    );
  }
  if (!initial || !catalog.data || !detail.data) return <div className="page muted" data-testid="editor-loading">Loading the workflow…</div>;

  const runFrom = async (nodeId: string) => {
    if (executionId === undefined) return;
    try {
      const started = await call('executions.runFrom', { id: executionId, nodeId });
      showToast({ kind: 'info', title: `Run #${started.id} started from this step`, detail: 'The steps before it were replayed, not run again.' });
      go([workflowId, 'execution', started.id]);
    } catch (error) {
      showToast({ kind: 'error', title: 'Could not run from this step', detail: (error as Error).message });
    }
  };

  return (
    <>
    <WorkflowEditor
      key={`${detail.data.id}@${reloads}`}
      initial={initial}
      catalog={catalog.data}
      connections={connections.data ?? []}
      colorMode={colorMode}
      problems={report?.problems ?? detail.data.problems}
      ports={report?.ports ?? detail.data.ports}
      states={states}
      draftState={connection === 'connected' ? draftState : 'offline'}
      version={detail.data.version}
      running={runningId !== undefined}
      onDocumentChange={onDocumentChange}
      onSaveVersion={(document) => void saveVersion(document)}
      onRun={(document) => void run(document)}
      onBack={onBack}
      readOnly={!editable}
      presence={<PresenceAvatars kind="workflow" id={workflowId} />}
      execution={executionId !== undefined ? execution.data : undefined}
      incoming={incoming}
      onRunFrom={(nodeId) => void runFrom(nodeId)}
      onExitExecution={() => go([workflowId])}
      onShowHistory={() => {
        setHistoryBase(latestDocument.current ?? initial);
        setHistoryOpen(true);
      }}
    />
    <VersionHistory
      workflowId={workflowId}
      open={historyOpen}
      current={historyBase ?? initial}
      onClose={() => setHistoryOpen(false)}
      onRestore={(document, version) => {
        setIncoming({ document, label: `Restore v${version}`, nonce: Date.now() });
        setHistoryOpen(false);
        showToast({ kind: 'info', title: `v${version} is on the canvas`, detail: 'Save a version to keep it (Ctrl+S), or undo (Ctrl+Z).' });
      }}
    />
    </>
  );
}
