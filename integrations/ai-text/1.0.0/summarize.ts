/**
 * LangChain's summarization chains as n8n runs them: text split into overlapping chunks, then
 * "stuff" (every chunk in one prompt), "map_reduce" (each chunk summarized, the summaries
 * combined) or "refine" (a first summary improved chunk by chunk). The prompts are LangChain's.
 */

export const SUMMARY_PROMPT = 'Write a concise summary of the following:\n\n\n"{text}"\n\n\nCONCISE SUMMARY:';
export const REFINE_PROMPT =
  'Your job is to produce a final summary\nWe have provided an existing summary up to a certain point: "{existing_answer}"\nWe have the opportunity to refine the existing summary\n(only if needed) with some more context below.\n------------\n"{text}"\n------------\n\nGiven the new context, refine the original summary\nIf the context isn\'t useful, return the original summary.\n\nREFINED SUMMARY:';

const SEPARATORS = ['\n\n', '\n', ' ', ''];

/** A recursive character splitter: breaks at paragraphs, then lines, then words, merging pieces up to `size` with `overlap`. */
export function splitText(text: string, size: number, overlap: number, separators = SEPARATORS): string[] {
  const separator = separators.find((candidate) => candidate === '' || text.includes(candidate)) ?? '';
  const rest = separators.slice(separators.indexOf(separator) + 1);
  const pieces = (separator === '' ? [...text] : text.split(separator)).filter((piece) => piece !== '');
  const chunks: string[] = [];
  let current: string[] = [];
  const length = (parts: string[]) => parts.join(separator).length;
  const flush = () => {
    if (current.length === 0) return;
    chunks.push(current.join(separator).trim());
    // Keep the tail that fits the overlap, so the next chunk starts with context.
    while (current.length > 0 && (length(current) > overlap || length(current) + separator.length > size)) current.shift();
  };
  for (const piece of pieces) {
    if (piece.length > size && rest.length > 0) {
      flush();
      current = [];
      chunks.push(...splitText(piece, size, overlap, rest));
      continue;
    }
    if (current.length > 0 && length([...current, piece]) > size) flush();
    current.push(piece);
  }
  if (current.length > 0) chunks.push(current.join(separator).trim());
  return chunks.filter((chunk, index) => chunk !== '' && chunk !== chunks[index - 1]);
}

interface Prompts {
  method: 'stuff' | 'map_reduce' | 'refine';
  prompt?: string;
  chunkPrompt?: string;
  refinePrompt?: string;
}

const fill = (template: string, values: Record<string, string>) => template.replace(/\{(text|existing_answer)\}/g, (whole, name: string) => values[name] ?? whole);

export async function summarize(chunks: string[], prompts: Prompts, ask: (prompt: string) => Promise<string>): Promise<string> {
  const prompt = prompts.prompt || SUMMARY_PROMPT;
  if (chunks.length === 0) return '';
  if (prompts.method === 'stuff') return ask(fill(prompt, { text: chunks.join('\n\n') }));
  if (prompts.method === 'refine') {
    let summary = await ask(fill(prompt, { text: chunks[0]! }));
    for (const chunk of chunks.slice(1)) summary = await ask(fill(prompts.refinePrompt || REFINE_PROMPT, { existing_answer: summary, text: chunk }));
    return summary;
  }
  const summaries: string[] = [];
  for (const chunk of chunks) summaries.push(await ask(fill(prompts.chunkPrompt || SUMMARY_PROMPT, { text: chunk })));
  return ask(fill(prompt, { text: summaries.join('\n\n') }));
}
