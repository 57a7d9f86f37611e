// The canvas at scale: workflows of 100, 500, 1,000 and 5,000 nodes opened from the list in
// headless Chromium (1400×900, no GPU: painting in software), then fps over 3 s of continuous
// panning and 3 s of wheel zooming where the workflow opened, and 3 s of panning zoomed in
// (names readable), counted with requestAnimationFrame. One JSON line per size.
// BENCH_BASELINE_CLI=/path/to/other/bin/echelon.js measures another build too, size by size
// in turn in the same run, so the two are compared under the same load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { connectApi, type ApiClient } from '../tests/helpers/api';
import { CLI, startServe, type ServeProcess } from '../tests/helpers/cli';
import { framesWhile, launchChromium, timeUntil, VIEWPORT } from './browser';
import { layeredWorkflow } from './canvas-fixtures';
import { report, round } from './stats';

const SIZES = (process.env.BENCH_CANVAS_SIZES ?? '100,500,1000,5000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
/** The canvas is drawn: DOM nodes, or the overview's bitmap of a large graph zoomed out. */
const DRAWN = "document.querySelector('.react-flow__node, [data-testid=\"canvas-overview\"][data-drawn]') !== null";
const ZOOM = "new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).a";

interface Build {
  name: string;
  server: ServeProcess;
  api: ApiClient;
  page: Page;
  dataDir: string;
}

/** A held mouse moving in a slow circle, one move per frame, as a hand drags. */
const panStep = (cx: number, cy: number) => `const pane = document.querySelector('.react-flow__pane');
  const x = ${cx} + Math.cos(frame / 20) * 200, y = ${cy} + Math.sin(frame / 20) * 150;
  if (frame === 0) pane.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, clientX: x, clientY: y, button: 0, buttons: 1, view: window }));
  pane.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: x, clientY: y, buttons: 1, view: window }));`;
const release = `document.querySelector('.react-flow__pane').dispatchEvent(new MouseEvent('mouseup', { bubbles: true, view: window }))`;

async function measure(build: Build, size: number): Promise<void> {
  const { page, api } = build;
  const document = layeredWorkflow(size);
  const { id } = await api.call('workflows.save', { document });
  await page.evaluate("location.hash = '/workflows'");
  await page.waitForSelector('[data-testid="page-workflows"]');
  const firstRenderMs = await timeUntil(page, `location.hash = '/workflows/${id}'`, DRAWN);
  await page.waitForTimeout(500);
  const openedAtZoom = (await page.evaluate(ZOOM)) as number;
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('no canvas pane');
  const cx = pane.x + pane.width / 2;
  const cy = pane.y + pane.height / 2;
  const pan = await framesWhile(page, SECONDS, panStep(cx, cy));
  await page.evaluate(release);
  // Zooming: wheel steps at the centre, in for a second and a half, then out.
  const zoom = await framesWhile(
    page,
    SECONDS,
    `const pane = document.querySelector('.react-flow__pane');
     pane.dispatchEvent(new WheelEvent('wheel', { bubbles: true, cancelable: true, clientX: ${cx}, clientY: ${cy}, deltaY: (frame % 120) < 60 ? -20 : 20, deltaMode: 0, view: window }));`,
  );
  // Zoomed in where names are readable (find a node in the middle of the graph), panning again.
  await page.keyboard.press('/');
  await page.getByTestId('node-search-input').fill(document.nodes[Math.floor(size / 2)]!.name);
  await page.keyboard.press('Enter');
  await timeUntil(page, '', `${ZOOM} >= 1`);
  await page.keyboard.press('Escape');
  await page.waitForTimeout(500);
  const detail = await framesWhile(page, SECONDS, panStep(cx, cy));
  await page.evaluate(release);
  const rendered = (await page.evaluate("({ nodes: document.querySelectorAll('.react-flow__node').length, edges: document.querySelectorAll('.react-flow__edge').length })")) as { nodes: number; edges: number };
  report({
    bench: 'canvas',
    build: build.name,
    nodes: size,
    edges: document.edges.length,
    first_render_ms: firstRenderMs,
    opened_at_zoom: round(openedAtZoom, 3),
    pan_fps: pan.fps,
    pan_p95_frame_ms: pan.p95FrameMs,
    zoom_fps: zoom.fps,
    zoom_p95_frame_ms: zoom.p95FrameMs,
    detail_pan_fps: detail.fps,
    detail_pan_p95_frame_ms: detail.p95FrameMs,
    dom_nodes_zoomed_in: rendered.nodes,
    dom_edges_zoomed_in: rendered.edges,
    conditions: { viewport: '1400x900', gpu: false, browser: 'chromium headless', load_avg_1m: os.loadavg()[0]!.toFixed(1), cores: os.cpus().length },
  });
}

async function open(name: string, cli: string, browser: Awaited<ReturnType<typeof launchChromium>>): Promise<Build> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'echelon-bench-canvas-'));
  const server = await startServe(dataDir, [], {}, cli);
  const api = await connectApi(server);
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.goto(server.url);
  await page.waitForSelector('[data-app-state="loaded"]');
  return { name, server, api, page, dataDir };
}

export default async function canvasBench(): Promise<void> {
  const browser = await launchChromium();
  const builds: Build[] = [];
  try {
    builds.push(await open('this', CLI, browser));
    if (process.env.BENCH_BASELINE_CLI) builds.push(await open('baseline', process.env.BENCH_BASELINE_CLI, browser));
    for (const size of SIZES) for (const build of builds) await measure(build, size);
  } finally {
    await browser.close();
    for (const build of builds) {
      build.api.close();
      await build.server.stop();
      fs.rmSync(build.dataDir, { recursive: true, force: true });
    }
  }
}
