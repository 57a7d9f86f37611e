import Form from '@rjsf/core/lib/components/Form.js';
import type { RJSFSchema } from '@rjsf/utils';
import { useMemo, useState } from 'react';
import type { Catalog, MethodOutput, PromptInfo } from '../../../shared/contract';
import { call } from '../api/client';
import { CallResult } from './call-result';
import { jsonSchemaValidator } from '../components/schema-form/json-schema-validator';

type PromptResult = MethodOutput<'mcp.prompts.get'>;

/** Prompt arguments are strings: their schema is built from the prompt's argument list. */
function argumentSchema(prompt: PromptInfo): RJSFSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(prompt.arguments.map((arg) => [arg.name, { type: 'string', title: arg.name, description: arg.description }])),
    required: prompt.arguments.filter((arg) => arg.required).map((arg) => arg.name),
  };
}

function PromptForm({ server, prompt }: { server: string; prompt: PromptInfo }) {
  const schema = useMemo(() => argumentSchema(prompt), [prompt]);
  const [formData, setFormData] = useState<Record<string, string>>({});
  const [result, setResult] = useState<PromptResult | undefined>();
  const [error, setError] = useState<string | undefined>();
  return (
    <>
      <Form
        schema={schema}
        validator={jsonSchemaValidator}
        formData={formData}
        onChange={(event) => setFormData((event.formData ?? {}) as Record<string, string>)}
        onSubmit={async (event) => {
          setError(undefined);
          try {
            setResult(await call('mcp.prompts.get', { server, prompt: prompt.name, arguments: (event.formData ?? {}) as Record<string, string> }));
          } catch (failure) {
            setError((failure as Error).message);
          }
        }}
        showErrorList={false}
        // Errors show beside their fields; without a handler RJSF also logs them to the console.
        onError={() => {}}
        noHtml5Validate
        idPrefix={`prompt-${prompt.name}`}
        uiSchema={{ 'ui:submitButtonOptions': { norender: true } }}
      >
        <button type="submit" className="button primary">
          Get prompt
        </button>
      </Form>
      {error && <p className="error-text">{error}</p>}
      {result && (
        <div className="prompt-messages" data-testid="prompt-messages">
          {result.description && <p className="muted">{result.description}</p>}
          {result.messages.map((message, index) => (
            <div key={index} className="prompt-message">
              <span className="badge">{message.role}</span>
              <CallResult result={{ content: [message.content] }} />
            </div>
          ))}
        </div>
      )}
    </>
  );
}

/** A server's prompts, each with a form for its arguments and the messages it produces. */
export function PromptsPanel({ server, catalog }: { server: string; catalog: Catalog }) {
  const [selected, setSelected] = useState<string | undefined>();
  const prompt = catalog.prompts.find((item) => item.name === selected) ?? catalog.prompts[0];
  if (!prompt) return <p className="muted">This server offers no prompts.</p>;
  return (
    <div className="split">
      <ul className="item-list">
        {catalog.prompts.map((item) => (
          <li key={item.name} className={item.name === prompt.name ? 'selected' : undefined}>
            <button type="button" className="item-button" onClick={() => setSelected(item.name)}>
              <span className="mono">{item.name}</span>
              {item.description && <span className="muted small ellipsis">{item.description}</span>}
            </button>
          </li>
        ))}
      </ul>
      <section className="detail">
        <h3 className="mono">{prompt.name}</h3>
        {prompt.description && <p className="description">{prompt.description}</p>}
        <PromptForm key={prompt.name} server={server} prompt={prompt} />
      </section>
    </div>
  );
}
