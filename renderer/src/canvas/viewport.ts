/** How the canvas opens: readable when the graph allows it, otherwise the whole graph, the trigger always in view. */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** A node's size before React Flow has measured it (nodes are 190–260 px wide). */
export const NODE_BOX = { width: 230, height: 56 };
/** Node names are 13 px: at this zoom they are 12 px on screen. */
export const READABLE_ZOOM = 12 / 13;
/** Far enough out to fit thousands of nodes. */
export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 2;
/** Below this zoom nodes drop their text, icons and shadows (see canvas.css). */
export const DETAIL_ZOOM = 0.45;
/** A graph at most this many views wide opens readable rather than fitted. */
const READABLE_SPREAD = 2.6;
const PADDING = 48;

export function boundsOf(boxes: readonly Box[]): Box | undefined {
  if (boxes.length === 0) return undefined;
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const box of boxes) {
    left = Math.min(left, box.x);
    top = Math.min(top, box.y);
    right = Math.max(right, box.x + box.width);
    bottom = Math.max(bottom, box.y + box.height);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** The viewport that shows `bounds` whole, centred, within the zoom limits. */
export function fitBounds(bounds: Box, view: { width: number; height: number }, maxZoom = 1): Viewport {
  const zoom = Math.max(MIN_ZOOM, Math.min(maxZoom, (view.width - 2 * PADDING) / Math.max(1, bounds.width), (view.height - 2 * PADDING) / Math.max(1, bounds.height)));
  return { zoom, x: view.width / 2 - (bounds.x + bounds.width / 2) * zoom, y: view.height / 2 - (bounds.y + bounds.height / 2) * zoom };
}

/**
 * The opening viewport. A graph that fits at a readable zoom is shown whole; one up to a few
 * views wide opens readable with the trigger near the left edge (the flow reads from there);
 * a larger one opens fitted, whole. Either way the trigger is on screen.
 */
export function openingViewport(boxes: readonly Box[], trigger: Box | undefined, view: { width: number; height: number }): Viewport {
  const bounds = boundsOf(boxes);
  if (!bounds) return { x: view.width / 3, y: view.height / 2, zoom: 1 };
  const fitted = fitBounds(bounds, view);
  if (fitted.zoom >= READABLE_ZOOM || fitted.zoom * READABLE_SPREAD < READABLE_ZOOM) return fitted;
  const zoom = READABLE_ZOOM;
  const anchor = trigger ?? boxes.reduce((left, box) => (box.x < left.x ? box : left));
  const centreY = bounds.height * zoom <= view.height - 2 * PADDING ? bounds.y + bounds.height / 2 : anchor.y + anchor.height / 2;
  return { zoom, x: PADDING - anchor.x * zoom, y: view.height / 2 - centreY * zoom };
}
