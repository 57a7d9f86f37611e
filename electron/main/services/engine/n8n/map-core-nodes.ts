import type { JsonValue } from '../../../../../shared/workflow/document';
import { list, obj, str, V, type Mapper, type Params } from './map-helpers';

/** n8n's core nodes that work on the host or on images: Execute Command → `execute-command`, Edit Image → `edit-image`. */

const executeCommand: Mapper = (_n8n, params) => ({
  type: 'execute-command.run',
  version: V,
  parameters: { command: str(params.command), executeOnce: params.executeOnce !== false },
  outputs: ['main'],
});

/** The parameters each Edit Image operation reads (n8n's requiredOperationParameters). */
const IMAGE_PARAMETERS: Record<string, string[]> = {
  blur: ['blur', 'sigma'],
  border: ['borderColor', 'borderWidth', 'borderHeight'],
  composite: ['dataPropertyNameComposite', 'operator', 'positionX', 'positionY'],
  create: ['backgroundColor', 'height', 'width'],
  crop: ['height', 'positionX', 'positionY', 'width'],
  draw: ['color', 'cornerRadius', 'endPositionX', 'endPositionY', 'primitive', 'startPositionX', 'startPositionY'],
  resize: ['height', 'resizeOption', 'width'],
  rotate: ['backgroundColor', 'rotate'],
  shear: ['degreesX', 'degreesY'],
  text: ['font', 'fontColor', 'fontSize', 'lineLength', 'positionX', 'positionY', 'text'],
  transparent: ['color'],
};
const IMAGE_FORMATS = new Set(['png', 'jpeg', 'webp', 'gif', 'tiff']);

const editImage: Mapper = (n8n, params, ctx) => {
  const operation = str(params.operation, 'border');
  const options = obj(params.options);
  const format = str(options.format).toLowerCase();
  if (format && !IMAGE_FORMATS.has(format)) {
    ctx.notes.push(`"${n8n.name}" writes ${format.toUpperCase()} images, which Echelon's Edit image does not (PNG, JPEG, WebP, GIF, TIFF): pick one of those.`);
    return undefined;
  }
  const pick = (source: Params, name: string): Params => {
    const step: Params = { operation: name };
    for (const key of IMAGE_PARAMETERS[name] ?? []) if (source[key] !== undefined) step[key] = source[key] as JsonValue;
    if (name === 'text' && options.font !== undefined) step.font = options.font as JsonValue;
    return step;
  };
  const steps = operation === 'multiStep' ? list(obj(params.operations).operations).map((entry) => pick(obj(entry), str(obj(entry).operation))) : operation === 'information' ? [] : [pick(params, operation)];
  const unknown = steps.find((step) => !(str(step.operation) in IMAGE_PARAMETERS));
  if (unknown) {
    ctx.notes.push(`"${n8n.name}" has an image step "${str(unknown.operation)}" that Echelon's Edit image does not know.`);
    return undefined;
  }
  return {
    type: 'edit-image.edit',
    version: V,
    parameters: {
      mode: operation === 'information' ? 'information' : 'edit',
      dataPropertyName: str(params.dataPropertyName, 'data'),
      operations: steps,
      format: format === 'jpg' ? 'jpeg' : format,
      ...(typeof options.quality === 'number' ? { quality: options.quality } : {}),
      fileName: str(options.fileName),
    },
    outputs: ['main'],
  };
};

export const CORE_MAPPERS: Record<string, Mapper> = {
  'n8n-nodes-base.executeCommand': executeCommand,
  'n8n-nodes-base.editImage': editImage,
};
