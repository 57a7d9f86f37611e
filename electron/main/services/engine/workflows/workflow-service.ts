import { EchelonError } from '../../../../../shared/contract/errors';
import { DEFAULT_MAX_DEPTH, DepthError, parseBoundedJson, valueDepth } from '../../../../../shared/limits/json-depth';
import type { WorkflowImportResult, UnsupportedNode, ValidationReport, WorkflowDetail, WorkflowSummary } from '../../../../../shared/contract/workflows';
import { WorkflowDocument } from '../../../../../shared/workflow/document';
import { WORKFLOW_FILE_EMPTY } from '../../../../../shared/workflow/file-limits';
import { newWorkflowId } from './workflow-id';
import { serializeWorkflow } from '../../../../../shared/workflow/serialize';
import { importN8nWorkflow, isN8nExport } from '../n8n/import-n8n';
import { pluginIdsFor } from '../n8n/remedy';
import { UNSUPPORTED_TYPE, type NodeTypes } from '../node-types';
import type { ExecutionRepository } from '../persistence/execution-repository';
import { blockingProblems, validateWorkflow } from '../validation/validate-workflow';
import type { WorkflowRepository, WorkflowRow } from './workflow-repository';

const iso = (ms: number) => new Date(ms).toISOString();
/** How long a workflow's validation report is reused (vault records may appear meanwhile). */
const REPORT_TTL_MS = 5000;

/** A placeholder node left by an n8n import, as the workflow lists it. */
function unsupportedOf(node: WorkflowDocument['nodes'][number]): UnsupportedNode {
  const type = typeof node.parameters.n8nType === 'string' ? node.parameters.n8nType : 'unknown';
  return typeof node.parameters.remedy === 'string' ? { name: node.name, type, remedy: node.parameters.remedy } : { name: node.name, type };
}

/** Why an import with a known id became a new workflow, and how to say otherwise. */
function collisionNote(key: string, holder: WorkflowRow, name: string): string {
  return `The workflow with ${key} here is "${holder.name}", not "${name}": imported as a new workflow. To make it a new version of "${holder.name}" instead, import it with --replace ${holder.id}.`;
}

/**
 * Workflow documents: save (each save a new version), validate, import (Echelon or n8n),
 * export (canonical text), list with each workflow's last run.
 */
export class WorkflowService {
  constructor(
    private readonly workflows: WorkflowRepository,
    private readonly executions: ExecutionRepository,
    private readonly nodeTypes: NodeTypes,
    private readonly secretExists: (name: string) => boolean,
    /** Told after every save or delete (schedules, webhooks and listeners follow the current versions). */
    private readonly onChanged: (workflowId: string) => void,
  ) {}

  validate(document: unknown): ValidationReport & { document?: WorkflowDocument } {
    // The document schema recurses per level: a file nested deeper than any workflow is refused before it.
    if (valueDepth(document) > DEFAULT_MAX_DEPTH) {
      return { ok: false, problems: [{ code: 'too_deep', message: new DepthError(DEFAULT_MAX_DEPTH, 'The document').message, path: '' }], ports: {} };
    }
    return validateWorkflow(document, {
      nodeTypes: this.nodeTypes,
      secretExists: this.secretExists,
      workflowExists: (id) => this.workflows.get(id) !== undefined,
    });
  }

  /** Resolves a reference by id, or by the id it had in n8n. */
  resolve(reference: string): WorkflowRow | undefined {
    return this.workflows.get(reference) ?? this.workflows.bySource(reference);
  }

  /** Current rows by id, kept until the next save or delete (runs look them up at high rates). */
  private readonly rows = new Map<string, WorkflowRow>();

  require(id: string): WorkflowRow {
    const cached = this.rows.get(id);
    if (cached) return cached;
    const row = this.workflows.get(id);
    if (row) this.rows.set(id, row);
    if (!row) throw new EchelonError('not_found', `No workflow "${id}": list them with \`echelon workflow list\` or on the Workflows page.`);
    return row;
  }

  /** The current row, or undefined when there is no such workflow (uncached). */
  find(id: string): WorkflowRow | undefined {
    return this.workflows.get(id);
  }

  /** Drops what is cached of a workflow another process changed. */
  forget(id: string): void {
    this.rows.delete(id);
  }

  document(id: string, version?: number): { document: WorkflowDocument; version: number; unsupported: UnsupportedNode[] } {
    const row = this.require(id);
    const number = version ?? row.currentVersion;
    const stored = this.workflows.version(id, number);
    if (!stored) throw new EchelonError('not_found', `Workflow "${row.name}" has no version ${number} (it has 1 to ${row.currentVersion}).`);
    return { document: JSON.parse(stored.document) as WorkflowDocument, version: number, unsupported: JSON.parse(stored.unsupported) as UnsupportedNode[] };
  }

  save(input: { id?: string; document: WorkflowDocument; expectedVersion?: number; strict?: boolean; sourceId?: string }): { id: string; version: number; report: ValidationReport } {
    const report = this.validate(input.document);
    if (input.strict && !report.ok) {
      const blocking = blockingProblems(report.problems);
      throw new EchelonError('invalid_input', `The workflow has ${blocking.length} problem${blocking.length > 1 ? 's' : ''}: ${blocking[0]!.message}`, {
        path: blocking[0]!.path,
        issues: blocking.map((found) => ({ path: found.path, message: found.message })),
      });
    }
    const id = input.id ?? input.document.id ?? newWorkflowId();
    // The id is the row's key; the stored document does not repeat it.
    const { id: _ignored, ...document } = input.document;
    const unsupported = input.document.nodes
      .filter((node) => node.type === UNSUPPORTED_TYPE)
      .map(unsupportedOf);
    let version: number;
    try {
      version = this.workflows.save({
        id,
        name: input.document.name,
        document: serializeWorkflow(document as WorkflowDocument),
        unsupported: JSON.stringify(unsupported),
        sourceId: input.sourceId,
        expectedVersion: input.expectedVersion,
      });
    } catch (error) {
      const current = (error as { current?: number }).current;
      if (current !== undefined) {
        throw new EchelonError('conflict', `The workflow was saved elsewhere meanwhile (now version ${current}, you edited version ${input.expectedVersion}): reload it, then save again.`);
      }
      throw error;
    }
    this.rows.delete(id);
    this.onChanged(id);
    return { id, version, report };
  }

  /**
   * A document that arrived from team sync, stored as the workflow's next version without
   * validating it here (it is validated when listed, opened or run, like any saved version)
   * and without the change notice: the caller reports a batch at once (Engine.workflowsChanged).
   */
  saveSynced(id: string, document: WorkflowDocument): number {
    const { id: _ignored, ...stored } = document;
    const unsupported = document.nodes
      .filter((node) => node.type === UNSUPPORTED_TYPE)
      .map(unsupportedOf);
    const version = this.workflows.save({ id, name: document.name, document: serializeWorkflow(stored as WorkflowDocument), unsupported: JSON.stringify(unsupported) });
    this.rows.delete(id);
    return version;
  }

  /**
   * Imports an Echelon document or an n8n export. The same workflow as before (same id and same
   * name; for n8n, the same n8n id and name; or the one `replace` names) gets a new version only
   * when its document changed. Anything else becomes a new workflow, a colliding id included:
   * n8n ids such as "1" repeat across unrelated exports.
   */
  import(text: string, options: { replace?: string } = {}): WorkflowImportResult {
    if (text.trim() === '') throw new EchelonError('invalid_input', WORKFLOW_FILE_EMPTY);
    let json: unknown;
    try {
      json = parseBoundedJson(text, DEFAULT_MAX_DEPTH, 'The file');
    } catch (error) {
      if (error instanceof DepthError) throw new EchelonError('invalid_input', error.message);
      throw new EchelonError('invalid_input', `The file is not JSON: ${(error as Error).message}`);
    }
    const target = options.replace === undefined ? undefined : this.require(options.replace);
    if (isN8nExport(json)) {
      const mapped = importN8nWorkflow(json, (reference) => this.resolve(reference)?.id, (type) => this.nodeTypes.integrationName(pluginIdsFor(type)));
      const { name } = mapped.document;
      const notes = [...mapped.notes];
      let same = target;
      if (!same && mapped.sourceId) {
        same = this.workflows.bySourceAndName(mapped.sourceId, name);
        const clash = same ? undefined : this.workflows.bySource(mapped.sourceId);
        if (clash) notes.push(collisionNote(`n8n id ${mapped.sourceId}`, clash, name));
      }
      const saved = this.saveIfChanged(same?.id ?? newWorkflowId(), mapped.document, mapped.sourceId);
      return { ...saved, name, format: 'n8n', unsupported: mapped.unsupported, notes };
    }
    const parsed = WorkflowDocument.safeParse(json);
    if (!parsed.success) {
      const report = this.validate(json);
      throw new EchelonError('invalid_input', `Not an Echelon workflow or n8n export: ${report.problems[0]?.path ? `${report.problems[0].path}: ` : ''}${report.problems[0]?.message ?? 'unknown shape'}`, {
        issues: report.problems.map((found) => ({ path: found.path, message: found.message })),
      });
    }
    const document = parsed.data;
    const notes: string[] = [];
    let id = target?.id;
    if (!id && document.id) {
      const existing = this.workflows.get(document.id);
      // An export from another machine keeps its id; a different workflow holding it keeps it too.
      if (!existing || existing.name === document.name) id = document.id;
      else notes.push(collisionNote(`id ${document.id}`, existing, document.name));
    }
    const saved = this.saveIfChanged(id ?? newWorkflowId(), document);
    if (!document.id && !target) notes.push(`The file has no "id", so each import makes a new workflow: add "id": "${saved.id}" to it to update this one next time.`);
    return { ...saved, name: document.name, format: 'echelon', unsupported: [], notes };
  }

  /** A new version only when the document differs from the current one (re-importing an unchanged export changes nothing). */
  private saveIfChanged(id: string, document: WorkflowDocument, sourceId?: string): Pick<WorkflowImportResult, 'id' | 'version' | 'problems' | 'outcome'> {
    const current = this.workflows.get(id);
    if (current) {
      const { id: _ignored, ...body } = document;
      if (this.workflows.version(id, current.currentVersion)?.document === serializeWorkflow(body as WorkflowDocument)) {
        return { id, version: current.currentVersion, problems: this.validate(document).problems, outcome: 'unchanged' };
      }
    }
    const saved = this.save({ id, document, sourceId });
    return { id, version: saved.version, problems: saved.report.problems, outcome: current ? 'updated' : 'created' };
  }

  export(id: string, version?: number): { text: string; fileName: string } {
    const { document } = this.document(id, version);
    const slug = document.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'workflow';
    return { text: serializeWorkflow({ ...document, id }), fileName: `${slug}.echelon.json` };
  }

  /** Reports of current versions, briefly kept: the list is refetched often while runs finish. */
  private readonly reports = new Map<string, { at: number; report: ValidationReport }>();

  private currentReport(id: string, version: number, document: WorkflowDocument): ValidationReport {
    const key = `${id}@${version}`;
    const cached = this.reports.get(key);
    if (cached && Date.now() - cached.at < REPORT_TTL_MS) return cached.report;
    const { ok, problems, ports } = this.validate(document);
    const report = { ok, problems, ports };
    this.reports.set(key, { at: Date.now(), report });
    return report;
  }

  summary(row: WorkflowRow): WorkflowSummary & { report: ValidationReport; document: WorkflowDocument; unsupported: UnsupportedNode[] } {
    const { document, unsupported } = this.document(row.id);
    const report = this.currentReport(row.id, row.currentVersion, document);
    const last = this.executions.lastRun(row.id);
    return {
      id: row.id,
      name: row.name,
      description: document.description,
      tags: document.tags ?? [],
      version: row.currentVersion,
      createdAt: iso(row.createdAt),
      updatedAt: iso(row.updatedAt),
      nodeCount: document.nodes.length,
      triggers: [...new Set(document.nodes.filter((node) => this.nodeTypes.spec(node.type, node.typeVersion)?.isTrigger).map((node) => node.type))],
      unsupported,
      problemCount: blockingProblems(report.problems).length,
      lastRun: last ? { id: last.id, status: last.status, createdAt: iso(last.createdAt), finishedAt: last.finishedAt ? iso(last.finishedAt) : undefined } : undefined,
      report,
      document,
    };
  }

  list(): WorkflowSummary[] {
    return this.workflows.list().map((row) => {
      const { report: _report, document: _document, ...summary } = this.summary(row);
      return summary;
    });
  }

  detail(id: string, version?: number): WorkflowDetail {
    const row = this.require(id);
    const { report, document: _current, ...summary } = this.summary(row);
    const pinned = version === undefined ? undefined : this.document(id, version);
    const shown = pinned ? this.validate(pinned.document) : report;
    return {
      ...summary,
      documentVersion: pinned?.version ?? row.currentVersion,
      document: { ...(pinned?.document ?? _current), id },
      problems: shown.problems,
      ports: shown.ports,
    };
  }

  versions(id: string): Array<{ version: number; createdAt: string; name: string; nodeCount: number }> {
    this.require(id);
    return this.workflows.versions(id).map((row) => {
      const document = JSON.parse(row.document) as WorkflowDocument;
      return { version: row.version, createdAt: iso(row.createdAt), name: document.name, nodeCount: document.nodes.length };
    });
  }

  delete(id: string): boolean {
    const deleted = this.workflows.delete(id);
    this.rows.delete(id);
    if (deleted) this.onChanged(id);
    return deleted;
  }

  all(): WorkflowRow[] {
    return this.workflows.list();
  }
}
