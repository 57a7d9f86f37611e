import sharp, { type Blend, type Sharp } from 'sharp';
import { NodeError } from '../../../electron/main/services/engine/node-api';
import type { ImageOperation } from './manifest';

/**
 * n8n's Edit Image steps (GraphicsMagick there) done with sharp, one lossless PNG pass per
 * step so each sees the previous one's result, as gm's chained commands do.
 */

const png = (image: Sharp) => image.png().toBuffer();
const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An SVG the size of the image, laid over it: how drawing and text are done. */
async function overlay(input: Buffer, svgBody: string): Promise<Buffer> {
  const { width = 1, height = 1 } = await sharp(input).metadata();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${svgBody}</svg>`;
  return png(sharp(input).composite([{ input: Buffer.from(svg), left: 0, top: 0 }]));
}

/** gm's resize geometry flags as sharp's fit rules. */
async function resize(input: Buffer, op: ImageOperation): Promise<Buffer> {
  const { width: w = 1, height: h = 1 } = await sharp(input).metadata();
  switch (op.resizeOption) {
    case 'ignoreAspectRatio':
      return png(sharp(input).resize(op.width, op.height, { fit: 'fill' }));
    case 'minimumArea':
      return png(sharp(input).resize(op.width, op.height, { fit: 'outside' }));
    case 'onlyIfSmaller':
      return png(sharp(input).resize(op.width, op.height, { fit: 'inside', withoutReduction: true }));
    case 'onlyIfLarger':
      return png(sharp(input).resize(op.width, op.height, { fit: 'inside', withoutEnlargement: true }));
    case 'percent':
      return png(sharp(input).resize(Math.max(1, Math.round((w * op.width) / 100)), Math.max(1, Math.round((h * op.height) / 100)), { fit: 'fill' }));
    default: {
      // gm's "@": at most width × height pixels in all, aspect ratio kept.
      const scale = Math.sqrt((op.width * op.height) / (w * h));
      return png(sharp(input).resize(Math.max(1, Math.round(w * scale)), Math.max(1, Math.round(h * scale)), { fit: 'fill' }));
    }
  }
}

const BLENDS: Record<string, Blend> = { over: 'over', in: 'in', out: 'out', atop: 'atop', xor: 'xor', multiply: 'multiply', difference: 'difference', plus: 'add', add: 'add', copy: 'source', screen: 'screen', overlay: 'overlay', darken: 'darken', lighten: 'lighten' };

/** Greedy line breaking by characters, as n8n splits text for gm. */
function wrap(text: string, lineLength: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line.length + word.length + 1 > lineLength) {
        lines.push(line.trim());
        line = `${word} `;
      } else line += `${word} `;
    }
    lines.push(line.trim());
  }
  return lines;
}

async function transparent(input: Buffer, color: string): Promise<Buffer> {
  const { data, info } = await sharp(input).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const { r, g, b } = await sharp({ create: { width: 1, height: 1, channels: 3, background: color } }).raw().toBuffer().then((px) => ({ r: px[0], g: px[1], b: px[2] }));
  for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b) data[i + 3] = 0;
  return png(sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } }));
}

/** One step on a PNG; `binary` gives another of the item's images (composite). */
export async function applyOperation(input: Buffer | undefined, op: ImageOperation, binary: (property: string) => Buffer): Promise<Buffer> {
  if (op.operation === 'create') return png(sharp({ create: { width: Math.max(1, op.width), height: Math.max(1, op.height), channels: 4, background: op.backgroundColor } }));
  if (!input) throw new NodeError('There is no image to edit: start with a "create" step or give the item an image.', 'binary_missing', true);
  switch (op.operation) {
    case 'blur':
      return png(sharp(input).blur(Math.max(0.3, op.sigma)));
    case 'border':
      return png(sharp(input).extend({ top: op.borderHeight, bottom: op.borderHeight, left: op.borderWidth, right: op.borderWidth, background: op.borderColor }));
    case 'composite': {
      const blend = BLENDS[op.operator.toLowerCase()];
      if (!blend) throw new NodeError(`The composite operator "${op.operator}" is not one Echelon supports (${Object.keys(BLENDS).join(', ')}).`, 'invalid_parameters', true);
      const top = binary(op.dataPropertyNameComposite);
      const { width = 1, height = 1 } = await sharp(input).metadata();
      // sharp refuses an overlay reaching past the base: cut it to what lands on the image, as gm clips it.
      const meta = await sharp(top).metadata();
      const [fromX, fromY, atX, atY] = [Math.max(0, -op.positionX), Math.max(0, -op.positionY), Math.max(0, op.positionX), Math.max(0, op.positionY)];
      const cutWidth = Math.min((meta.width ?? 1) - fromX, width - atX);
      const cutHeight = Math.min((meta.height ?? 1) - fromY, height - atY);
      if (cutWidth <= 0 || cutHeight <= 0) return input;
      const piece = await sharp(top).extract({ left: fromX, top: fromY, width: cutWidth, height: cutHeight }).png().toBuffer();
      return png(sharp(input).composite([{ input: piece, left: atX, top: atY, blend }]));
    }
    case 'crop': {
      const { width = 1, height = 1 } = await sharp(input).metadata();
      const left = Math.min(Math.max(0, Math.round(op.positionX)), width - 1);
      const top = Math.min(Math.max(0, Math.round(op.positionY)), height - 1);
      return png(sharp(input).extract({ left, top, width: Math.max(1, Math.min(Math.round(op.width), width - left)), height: Math.max(1, Math.min(Math.round(op.height), height - top)) }));
    }
    case 'draw': {
      const [x1, y1, x2, y2] = [op.startPositionX, op.startPositionY, op.endPositionX, op.endPositionY];
      const fill = escapeXml(op.color);
      if (op.primitive === 'line') return overlay(input, `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${fill}" stroke-width="1"/>`);
      // gm's circle: centre at the start, passing through the end.
      if (op.primitive === 'circle') return overlay(input, `<circle cx="${x1}" cy="${y1}" r="${Math.hypot(x2 - x1, y2 - y1)}" fill="${fill}"/>`);
      return overlay(input, `<rect x="${Math.min(x1, x2)}" y="${Math.min(y1, y2)}" width="${Math.abs(x2 - x1)}" height="${Math.abs(y2 - y1)}" rx="${op.cornerRadius}" fill="${fill}"/>`);
    }
    case 'resize':
      return resize(input, op);
    case 'rotate':
      return png(sharp(input).rotate(op.rotate, { background: op.backgroundColor === '#ffffff00' ? '#ffffffff' : op.backgroundColor }));
    case 'shear': {
      const tan = (degrees: number) => Math.tan((degrees * Math.PI) / 180);
      return png(sharp(input).affine([1, tan(op.degreesX), tan(op.degreesY), 1], { background: '#ffffff00' }));
    }
    case 'text': {
      const lines = wrap(op.text, op.lineLength);
      const family = op.font && op.font !== 'default' ? ` font-family="${escapeXml(op.font)}"` : ' font-family="sans-serif"';
      const spans = lines.map((line, i) => `<tspan x="${op.positionX}" dy="${i === 0 ? 0 : op.fontSize * 1.2}">${escapeXml(line)}</tspan>`).join('');
      return overlay(input, `<text x="${op.positionX}" y="${op.positionY}" font-size="${op.fontSize}" fill="${escapeXml(op.fontColor)}"${family}>${spans}</text>`);
    }
    case 'transparent':
      return transparent(input, op.color);
  }
}
