import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

const num = (fallback: number) => z.coerce.number().default(fallback);
const color = (fallback: string) => z.string().default(fallback);

/** One editing step, with n8n's Edit Image parameter names and defaults. */
export const ImageOperation = z.object({
  operation: z.enum(['blur', 'border', 'composite', 'create', 'crop', 'draw', 'resize', 'rotate', 'shear', 'text', 'transparent']),
  width: num(500),
  height: num(500),
  /** resize: how width and height bound the image (n8n's / GraphicsMagick's resize options). */
  resizeOption: z.enum(['maximumArea', 'ignoreAspectRatio', 'minimumArea', 'onlyIfSmaller', 'onlyIfLarger', 'percent']).default('maximumArea'),
  positionX: num(0),
  positionY: num(0),
  blur: num(5),
  sigma: num(2),
  borderWidth: num(0),
  borderHeight: num(0),
  borderColor: color('#000000'),
  /** composite: the item's other image laid on this one, and how. */
  dataPropertyNameComposite: z.string().default(''),
  operator: z.string().default('Over'),
  backgroundColor: color('#ffffff00'),
  primitive: z.enum(['rectangle', 'circle', 'line']).default('rectangle'),
  color: color('#ff000000'),
  startPositionX: num(50),
  startPositionY: num(50),
  endPositionX: num(250),
  endPositionY: num(250),
  cornerRadius: num(0),
  rotate: num(0),
  degreesX: num(0),
  degreesY: num(0),
  text: z.string().default(''),
  fontSize: num(18),
  fontColor: color('#000000'),
  lineLength: num(80),
  font: z.string().default(''),
});
export type ImageOperation = z.infer<typeof ImageOperation>;

export const EditParameters = z.object({
  /** `information` reads the image's format and size into the JSON; `edit` runs the steps. */
  mode: z.enum(['edit', 'information']).default('edit'),
  dataPropertyName: z.string().min(1).default('data'),
  operations: z.array(ImageOperation).default([]),
  /** The file written: its format (the input's when empty), JPEG / WebP quality, and name. */
  format: z.enum(['', 'png', 'jpeg', 'webp', 'gif', 'tiff', 'avif']).default(''),
  quality: z.number().int().min(1).max(100).optional(),
  fileName: z.string().default(''),
});

export default definePlugin({
  id: 'edit-image',
  name: 'Edit image',
  version: '1.0.0',
  description: "Resizes, crops, rotates, shears, blurs, frames, draws on, writes on and combines an item's image, or reads its format and size (n8n Edit Image), with sharp (libvips).",
  category: 'Data',
  icon: 'image',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [{ id: 'edit', name: 'Edit image', description: "Runs editing steps on the item's image in order, or returns its information.", parameters: EditParameters, sideEffects: false }],
  triggers: [],
});
