import { useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import type { OverviewGeometry } from './overview-geometry';

interface OverviewLayerProps {
  geometry: OverviewGeometry;
  selection: ReadonlySet<string>;
  /** Redraws with the theme's colours when it changes. */
  colorMode: 'light' | 'dark';
}

interface Palette {
  node: string;
  alert: string;
  edge: string;
  selected: string;
}

function paletteOf(element: Element): Palette {
  const style = getComputedStyle(element);
  const value = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return { node: value('--accent', '#4f46e5'), alert: value('--danger', '#c0262d'), edge: value('--muted', '#888'), selected: value('--text', '#111') };
}

function draw(canvas: HTMLCanvasElement, geometry: OverviewGeometry, selection: ReadonlySet<string>, palette: Palette, [x, y, zoom]: [number, number, number]): void {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(canvas.clientWidth * ratio);
  const height = Math.round(canvas.clientHeight * ratio);
  if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
  const context = canvas.getContext('2d', { alpha: true });
  if (!context) return;
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, width, height);
  context.setTransform(ratio * zoom, 0, 0, ratio * zoom, ratio * x, ratio * y);
  // What is on screen, in flow coordinates: the rest is skipped.
  const left = -x / zoom;
  const top = -y / zoom;
  const right = left + width / ratio / zoom;
  const bottom = top + height / ratio / zoom;

  const { lines, boxes } = geometry;
  context.beginPath();
  for (let at = 0; at < lines.length; at += 4) {
    const x1 = lines[at]!, y1 = lines[at + 1]!, x2 = lines[at + 2]!, y2 = lines[at + 3]!;
    if (Math.max(x1, x2) < left || Math.min(x1, x2) > right || Math.max(y1, y2) < top || Math.min(y1, y2) > bottom) continue;
    context.moveTo(x1, y1);
    context.lineTo(x2, y2);
  }
  context.lineWidth = 1 / zoom;
  context.strokeStyle = palette.edge;
  context.stroke();

  // One path per colour: a fill call per colour, not per node.
  const plain = new Path2D();
  const alert = new Path2D();
  const picked = new Path2D();
  for (const box of boxes) {
    if (box.x > right || box.x + box.width < left || box.y > bottom || box.y + box.height < top) continue;
    (box.alert ? alert : plain).rect(box.x, box.y, box.width, box.height);
    if (selection.has(box.id)) picked.rect(box.x, box.y, box.width, box.height);
  }
  context.globalAlpha = 0.55;
  context.fillStyle = palette.node;
  context.fill(plain);
  context.globalAlpha = 1;
  context.fillStyle = palette.alert;
  context.fill(alert);
  // At least two pixels on screen, however far out.
  context.lineWidth = Math.max(2, 4 * zoom) / zoom;
  context.strokeStyle = palette.selected;
  context.stroke(picked);
}

/**
 * A large graph zoomed out, drawn on one <canvas>: a thousand DOM nodes and SVG edges cost
 * layerizing and painting on every frame of a pan, where one bitmap costs a redraw of a few
 * milliseconds. It follows the viewport through the store, outside React: no render per frame.
 */
export function OverviewLayer({ geometry, selection, colorMode }: OverviewLayerProps) {
  const store = useStoreApi();
  const canvas = useRef<HTMLCanvasElement>(null);
  // Read once per theme: reading computed style forces a style pass, too dear for every redraw.
  const palette = useRef<{ mode: string; colours: Palette }>(undefined);

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    if (palette.current?.mode !== colorMode) palette.current = { mode: colorMode, colours: paletteOf(element) };
    const { colours } = palette.current;
    let frame = 0;
    const redraw = () => {
      frame = 0;
      draw(element, geometry, selection, colours, store.getState().transform);
      element.dataset.drawn = String(geometry.boxes.length);
    };
    const schedule = () => (frame ||= requestAnimationFrame(redraw));
    redraw();
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.transform !== previous.transform || state.width !== previous.width || state.height !== previous.height) schedule();
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [colorMode, geometry, selection, store]);

  return <canvas ref={canvas} className="canvas-overview" data-testid="canvas-overview" aria-hidden="true" />;
}
