// The canvas at scale: workflows of 100, 500, 1,000 and 5,000 nodes opened from the list in
// headless Chromium (1400×900, no GPU: painting in software), then fps over 3 s of continuous
// panning and 3 s of wheel zooming, counted with requestAnimationFrame. One JSON line per size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectApi } from '../tests/helpers/api';
import { startServe } from '../tests/helpers/cli';
import { framesWhile, launchChromium, timeUntil, VIEWPORT } from './browser';
import { layeredWorkflow } from './canvas-fixtures';
import { report, round } from './stats';

const SIZES = (process.env.BENCH_CANVAS_SIZES ?? '100,500,1000,5000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

export default async function canvasBench(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-bench-canvas-'));
  const server = await startServe(dataDir);
  const api = await connectApi(server);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(server.url);
    await page.waitForSelector('[data-app-state="loaded"]');
    for (const size of SIZES) {
      const document = layeredWorkflow(size);
      const { id } = await api.call('workflows.save', { document });
      await page.evaluate("location.hash = '/workflows'");
      await page.waitForSelector('[data-testid="page-workflows"]');
      const firstRenderMs = await timeUntil(page, `location.hash = '/workflows/${id}'`, "document.querySelectorAll('.react-flow__node').length > 0");
      await page.waitForTimeout(500);
      const openedAtZoom = (await page.evaluate("new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).a")) as number;
      const pane = await page.locator('.react-flow__pane').boundingBox();
      if (!pane) throw new Error('no canvas pane');
      const cx = pane.x + pane.width / 2;
      const cy = pane.y + pane.height / 2;
      // Panning: a held mouse moving in a slow circle, one move per frame, as a hand drags.
      const pan = await framesWhile(
        page,
        SECONDS,
        `const pane = document.querySelector('.react-flow__pane');
         const x = ${cx} + Math.cos(frame / 20) * 200, y = ${cy} + Math.sin(frame / 20) * 150;
         if (frame === 0) pane.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, clientX: x, clientY: y, button: 0, buttons: 1, view: window }));
         pane.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: x, clientY: y, buttons: 1, view: window }));`,
      );
      await page.evaluate(`document.querySelector('.react-flow__pane').dispatchEvent(new MouseEvent('mouseup', { bubbles: true, view: window }))`);
      // Zooming: wheel steps at the centre, in for a second and a half, then out.
      const zoom = await framesWhile(
        page,
        SECONDS,
        `const pane = document.querySelector('.react-flow__pane');
         pane.dispatchEvent(new WheelEvent('wheel', { bubbles: true, cancelable: true, clientX: ${cx}, clientY: ${cy}, deltaY: (frame % 120) < 60 ? -20 : 20, deltaMode: 0, view: window }));`,
      );
      const rendered = (await page.evaluate("({ nodes: document.querySelectorAll('.react-flow__node').length, edges: document.querySelectorAll('.react-flow__edge').length })")) as { nodes: number; edges: number };
      report({
        bench: 'canvas',
        nodes: size,
        edges: document.edges.length,
        first_render_ms: firstRenderMs,
        opened_at_zoom: round(openedAtZoom, 3),
        pan_fps: pan.fps,
        pan_p95_frame_ms: pan.p95FrameMs,
        zoom_fps: zoom.fps,
        zoom_p95_frame_ms: zoom.p95FrameMs,
        dom_nodes_after: rendered.nodes,
        dom_edges_after: rendered.edges,
        conditions: { viewport: '1400x900', gpu: false, browser: 'chromium headless', load_avg_1m: os.loadavg()[0]!.toFixed(1), cores: os.cpus().length },
      });
    }
  } finally {
    await browser.close();
    api.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
