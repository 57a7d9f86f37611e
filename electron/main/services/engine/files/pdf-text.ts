/**
 * Text, page count and document information of a PDF, read with Mozilla's PDF.js (the library
 * n8n's Extract from File uses), in the shape n8n returns: `{ numpages, numrender, info,
 * metadata, text, version }`. Lines are rebuilt as n8n does: a text run on a new baseline
 * starts a new line; pages are joined by a blank line.
 */

export interface PdfTextOptions {
  password?: string;
  /** Pages to read from the start; 0 reads none (only the info), undefined reads all. */
  maxPages?: number;
  /** One string for the whole document, or one per page. */
  joinPages?: boolean;
}

export interface PdfText {
  numpages: number;
  numrender: number;
  info: Record<string, unknown> | null;
  metadata: Record<string, unknown> | undefined;
  text: string | string[];
  version: string;
}

/** Why a PDF could not be read, with what to do about it. */
export class PdfError extends Error {
  constructor(
    message: string,
    readonly code: 'pdf_password' | 'pdf_invalid',
  ) {
    super(message);
  }
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;
// PDF.js is a large ES module: load it on the first PDF, not at start.
const load = () => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

interface TextRun {
  str?: string;
  transform?: number[];
}

function pageText(items: TextRun[]): string {
  let lastY: number | undefined;
  let text = '';
  for (const item of items) {
    if (typeof item.str !== 'string') continue;
    const y = item.transform?.[5];
    text += lastY === undefined || lastY === y ? item.str : `\n${item.str}`;
    lastY = y;
  }
  return text;
}

export async function extractPdfText(data: Uint8Array, options: PdfTextOptions = {}): Promise<PdfText> {
  const { getDocument, version, PasswordResponses } = await load();
  // PDF.js takes ownership of (detaches) the array it is given: hand it a copy.
  const task = getDocument({ data: new Uint8Array(data), password: options.password || undefined, isEvalSupported: false, useSystemFonts: false, verbosity: 0 });
  let document: Awaited<typeof task.promise>;
  try {
    document = await task.promise;
  } catch (error) {
    const { name, code, message } = error as { name?: string; code?: number; message?: string };
    if (name === 'PasswordException') {
      throw new PdfError(
        code === PasswordResponses.INCORRECT_PASSWORD ? 'The PDF password is wrong: set the right one in the node\'s Password option.' : 'The PDF is encrypted: set its password in the node\'s Password option.',
        'pdf_password',
      );
    }
    throw new PdfError(`The file is not a readable PDF (${message ?? String(error)}).`, 'pdf_invalid');
  }
  try {
    const { info, metadata } = await document.getMetadata().catch(() => ({ info: null, metadata: null }));
    const pages: string[] = [];
    const { maxPages } = options;
    const toRead = maxPages === 0 ? 0 : maxPages && maxPages > 0 && maxPages < document.numPages ? maxPages : document.numPages;
    for (let number = 1; number <= toRead; number++) {
      const page = await document.getPage(number);
      pages.push(pageText((await page.getTextContent()).items as TextRun[]));
      page.cleanup();
    }
    return {
      numpages: document.numPages,
      numrender: document.numPages,
      info: (info as Record<string, unknown> | null) ?? null,
      metadata: metadata ? Object.fromEntries([...(metadata as unknown as Iterable<[string, unknown]>)]) : undefined,
      text: options.joinPages === false ? pages : pages.join('\n\n'),
      version,
    };
  } finally {
    await document.destroy();
  }
}
