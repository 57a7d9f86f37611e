import type { AgentDefinition, AgentLimits, ApprovalPolicy, ProviderRef, RoleTemplate } from '../../../../shared/contract';

/** What the wizard edits: a definition as the person builds it, step by step. */
export interface Draft {
  id?: string;
  name: string;
  description: string;
  role: string;
  provider: ProviderRef | undefined;
  model: string;
  systemPrompt: string;
  temperature: number | undefined;
  tools: { server: string; tool: string; approval: ApprovalPolicy }[];
  limits: AgentLimits;
  concurrency: number;
  /** Tools the chosen template suggests, ticked when they exist here. */
  suggested: RoleTemplate['suggestedTools'];
  /** Kept as they were when editing an agent (the wizard does not edit them). */
  rest: Pick<AgentDefinition, 'retry' | 'httpTools' | 'workflowTools' | 'actionTools' | 'builtinTools'> | undefined;
}

export const DEFAULT_LIMITS: AgentLimits = { maxSteps: 10, timeoutSeconds: 600, repeatedCallLimit: 3, toolTimeoutSeconds: 120 };

export function emptyDraft(): Draft {
  return { name: '', description: '', role: 'custom', provider: undefined, model: '', systemPrompt: '', temperature: undefined, tools: [], limits: DEFAULT_LIMITS, concurrency: 1, suggested: [], rest: undefined };
}

export function draftOf(id: string, definition: AgentDefinition): Draft {
  const { retry, httpTools, workflowTools, actionTools, builtinTools } = definition;
  return { id, ...definition, temperature: definition.temperature, suggested: [], rest: { retry, httpTools, workflowTools, actionTools, builtinTools } };
}

export function fromTemplate(draft: Draft, template: RoleTemplate): Draft {
  return { ...draft, role: template.id, name: draft.name || template.name, description: template.description, systemPrompt: template.systemPrompt, temperature: template.temperature, limits: template.limits, suggested: template.suggestedTools };
}

/** The definition the contract takes; undefined fields are left to its defaults. */
export function definitionOf(draft: Draft): unknown {
  return {
    name: draft.name,
    description: draft.description,
    role: draft.role,
    provider: draft.provider,
    model: draft.model,
    systemPrompt: draft.systemPrompt,
    temperature: draft.temperature,
    tools: draft.tools,
    limits: draft.limits,
    concurrency: draft.concurrency,
    ...draft.rest,
  };
}
