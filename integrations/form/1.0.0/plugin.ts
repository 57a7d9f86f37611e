import { main, type BinaryRef, type JsonObject, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import type { JsonValue } from '../../../shared/workflow/document';

/** An uploaded file as the listener hands it over: which question, and its bytes in base64. */
interface UploadedFile {
  label: string;
  fileName: string;
  mimeType: string;
  data: string;
}

export const nodes: NodePlugin['nodes'] = {
  /**
   * As n8n's form trigger gives it: one field per question (by its label), then when and how it
   * was sent; each upload is attached under the label with non-word characters as "_" (a second
   * file of the same question: "_1", "_2"...) and described in the JSON.
   */
  trigger: {
    run(ctx) {
      const payload = (ctx.execution.payload ?? {}) as { fields?: JsonObject; submittedAt?: string; files?: UploadedFile[] };
      const json: JsonObject = { ...(payload.fields ?? {}) };
      const binary: Record<string, BinaryRef> = {};
      const byLabel = new Map<string, UploadedFile[]>();
      for (const file of payload.files ?? []) byLabel.set(file.label, [...(byLabel.get(file.label) ?? []), file]);
      for (const [label, files] of byLabel) {
        const base = label.replace(/\W/g, '_');
        const described: JsonValue[] = files.map((file, index) => {
          const ref = ctx.services.saveBinary(Buffer.from(file.data, 'base64'), file.mimeType, file.fileName);
          binary[files.length === 1 ? base : `${base}_${index}`] = ref;
          return { filename: file.fileName, mimetype: file.mimeType, size: ref.fileSize };
        });
        json[label] = files.length === 1 ? described[0]! : described;
      }
      const item = { json: { ...json, submittedAt: payload.submittedAt ?? new Date().toISOString(), formMode: 'production' } };
      return main([Object.keys(binary).length > 0 ? { ...item, binary } : item]);
    },
  },
};
