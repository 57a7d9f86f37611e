import { describe, expect, it } from 'vitest';
import { extractPdfText } from '../../electron/main/services/engine/files/pdf-text';
import { makePdf } from '../helpers/pdf';

describe('PDF text extraction', () => {
  const pdf = makePdf([['Invoice 42', 'Total: 10 EUR'], ['Second page']], { Title: 'Invoice', Author: 'Ada (Lovelace)' });

  it("reads every page's lines, the page count and the document information as n8n returns them", async () => {
    const read = await extractPdfText(pdf);
    expect(read).toMatchObject({ numpages: 2, numrender: 2, text: 'Invoice 42\nTotal: 10 EUR\n\nSecond page', info: { Title: 'Invoice', Author: 'Ada (Lovelace)', PDFFormatVersion: '1.4' } });
    expect(read.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('returns one text per page, stops at the page limit, and reads no page with a limit of 0', async () => {
    expect((await extractPdfText(pdf, { joinPages: false })).text).toEqual(['Invoice 42\nTotal: 10 EUR', 'Second page']);
    expect((await extractPdfText(pdf, { joinPages: false, maxPages: 1 })).text).toEqual(['Invoice 42\nTotal: 10 EUR']);
    expect(await extractPdfText(pdf, { maxPages: 0 })).toMatchObject({ numpages: 2, text: '' });
  });

  it('refuses a file that is not a PDF with a clear error', async () => {
    await expect(extractPdfText(Buffer.from('plain text, not a PDF'))).rejects.toMatchObject({ code: 'pdf_invalid', message: expect.stringContaining('not a readable PDF') });
  });
});
