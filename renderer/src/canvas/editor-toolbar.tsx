import { ArrowLeft, CheckCircle2, CloudOff, Eye, Grid3x3, History, LoaderCircle, Map as MapIcon, Play, Redo2, Save, Search, StickyNote, Undo2, Wand2, X } from 'lucide-react';
import type { ReactNode } from 'react';
import type { ExecutionDetail } from '../../../shared/contract';
import type { WorkflowDocument } from '../../../shared/workflow/document';
import { StatusBadge } from '../executions/status-badge';

export type DraftState = 'saved' | 'saving' | 'unsaved' | 'offline';

const DRAFT_LABEL: Record<DraftState, string> = { saved: 'All changes kept', saving: 'Saving draft…', unsaved: 'Unsaved changes', offline: 'Offline — changes kept here' };

interface HistoryControls {
  canUndo: boolean;
  canRedo: boolean;
  undoLabel?: string;
  redoLabel?: string;
  undo(): void;
  redo(): void;
}

export interface EditorToolbarProps {
  document: WorkflowDocument;
  version?: number;
  draftState: DraftState;
  history: HistoryControls;
  snap: boolean;
  minimap: boolean;
  running: boolean;
  /** Why Run is off, if it is. */
  blocker?: string;
  execution?: ExecutionDetail;
  /** A team viewer: reads the canvas; no edits, save or run. */
  viewer?: boolean;
  /** Teammates on this workflow. */
  presence?: ReactNode;
  onRename(name: string): void;
  onToggleSnap(): void;
  onToggleMinimap(): void;
  onFind(): void;
  onTidy(): void;
  onAddNote(): void;
  onShowHistory?(): void;
  onExitExecution?(): void;
  onSave(): void;
  onRun(): void;
  onBack(): void;
  /** Editing controls other features add (offering the workflow as a tool), shown while it can be edited. */
  editing?: ReactNode;
}

/** The editor's toolbar: name, draft state, canvas tools, history, save and run (off, saying why, when it cannot run). */
export function EditorToolbar(props: EditorToolbarProps) {
  const { document, history, execution } = props;
  const DraftIcon = props.draftState === 'saving' ? LoaderCircle : props.draftState === 'offline' ? CloudOff : CheckCircle2;
  const readOnly = execution !== undefined || props.viewer === true;
  return (
    <header className="editor-toolbar">
      <button type="button" className="icon-button" aria-label="Back to workflows" title="Back to workflows" onClick={props.onBack} data-testid="back-to-workflows">
        <ArrowLeft size={16} />
      </button>
      <input className="editor-title" value={document.name} aria-label="Workflow name" data-testid="workflow-name" readOnly={readOnly} onChange={(event) => props.onRename(event.target.value)} />
      {props.version !== undefined && <span className="badge">v{props.version}</span>}
      {execution ? (
        <span className="execution-banner" data-testid="execution-banner">
          Run #{execution.id} <StatusBadge status={execution.status} />
          <button type="button" className="button" onClick={props.onExitExecution} data-testid="exit-execution">
            <X size={14} aria-hidden /> Back to editing
          </button>
        </span>
      ) : (
        <span className={`draft-state draft-${props.draftState}`} data-testid="draft-state" data-state={props.draftState} title={DRAFT_LABEL[props.draftState]}>
          <DraftIcon size={14} aria-hidden /> <span className="draft-label">{DRAFT_LABEL[props.draftState]}</span>
        </span>
      )}
      {props.presence}
      <div className="toolbar-spacer" />
      <div className="tool-group" role="group" aria-label="Canvas tools">
        <button type="button" className="icon-button" onClick={props.onFind} aria-label="Find a node (/)" title="Find a node (/)" data-testid="find-node">
          <Search size={16} />
        </button>
        {!readOnly && (
          <>
            <button type="button" className="icon-button" onClick={props.onTidy} aria-label="Tidy up (Shift+Alt+T)" title="Tidy up: lay the nodes out by their connections (Shift+Alt+T)" data-testid="tidy-up">
              <Wand2 size={16} />
            </button>
            <button type="button" className="icon-button" onClick={props.onAddNote} aria-label="Add a sticky note (Shift+S)" title="Add a sticky note (Shift+S)" data-testid="add-note">
              <StickyNote size={16} />
            </button>
            <button type="button" className={`icon-button${props.snap ? ' on' : ''}`} onClick={props.onToggleSnap} aria-pressed={props.snap} aria-label="Snap to grid (G)" title="Snap to grid (G)" data-testid="toggle-snap">
              <Grid3x3 size={16} />
            </button>
          </>
        )}
        <button type="button" className={`icon-button${props.minimap ? ' on' : ''}`} onClick={props.onToggleMinimap} aria-pressed={props.minimap} aria-label="Minimap" title="Minimap" data-testid="toggle-minimap">
          <MapIcon size={16} />
        </button>
        {props.onShowHistory && (
          <button type="button" className="icon-button" onClick={props.onShowHistory} aria-label="Versions" title="Saved versions: compare and restore" data-testid="show-history">
            <History size={16} />
          </button>
        )}
      </div>
      {props.viewer && (
        <span className="badge read-only-note" data-testid="read-only">
          <Eye size={13} aria-hidden /> Read only — your team role is Viewer
        </span>
      )}
      {!readOnly && (
        <>
          {props.editing}
          <button type="button" className="icon-button" disabled={!history.canUndo} onClick={history.undo} aria-label={`Undo ${history.undoLabel ?? ''}`} title={`Undo ${history.undoLabel ?? ''} (Ctrl+Z)`}>
            <Undo2 size={16} />
          </button>
          <button type="button" className="icon-button" disabled={!history.canRedo} onClick={history.redo} aria-label={`Redo ${history.redoLabel ?? ''}`} title={`Redo ${history.redoLabel ?? ''} (Ctrl+Shift+Z)`}>
            <Redo2 size={16} />
          </button>
          <button type="button" className="button" onClick={props.onSave} title="Save a new version (Ctrl+S)" aria-label="Save version" data-testid="save-version">
            <Save size={15} aria-hidden /> <span className="button-label">Save version</span>
          </button>
          <span title={props.blocker ?? 'Run (Ctrl+Enter)'} className="run-wrap">
            <button type="button" className="button primary" onClick={props.onRun} disabled={props.running || props.blocker !== undefined} data-testid="run-workflow" aria-describedby={props.blocker ? 'run-blocker' : undefined}>
              {props.running ? <LoaderCircle size={15} className="spin" aria-hidden /> : <Play size={15} aria-hidden />} {props.running ? 'Running…' : 'Run'}
            </button>
          </span>
        </>
      )}
    </header>
  );
}
