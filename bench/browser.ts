// Shared by the browser benches: a headless Chromium (Debian's) at 1400×900 without a GPU,
// and frame counting with requestAnimationFrame inside the page.
import { chromium, type Browser, type Page } from 'playwright-core';

export const VIEWPORT = { width: 1400, height: 900 };

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'],
  });
}

export interface FrameStats {
  fps: number;
  frames: number;
  p95FrameMs: number;
  worstFrameMs: number;
}

/**
 * Runs `step(frameIndex)` in the page once per animation frame for `seconds`, and counts
 * the frames the page managed to paint meanwhile. `step` is the body of a function given as
 * source so it runs in the page.
 */
// The page-side code is given as source text: tsx would otherwise add helpers the page lacks.
const FRAMES_SOURCE = `(duration, run) => new Promise((resolve) => {
  const times = [];
  const start = performance.now();
  let frame = 0;
  const tick = (now) => {
    times.push(now);
    if (now - start >= duration * 1000) {
      const gaps = times.slice(1).map((time, index) => time - times[index]).sort((a, b) => a - b);
      resolve({
        fps: Math.round(((times.length - 1) / ((times.at(-1) - times[0]) / 1000)) * 10) / 10,
        frames: times.length - 1,
        p95FrameMs: Math.round((gaps[Math.floor(gaps.length * 0.95)] ?? 0) * 10) / 10,
        worstFrameMs: Math.round((gaps.at(-1) ?? 0) * 10) / 10,
      });
      return;
    }
    run(frame++);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})`;

/**
 * Runs `step` (a function body of `frame`) in the page once per animation frame for
 * `seconds`, and counts the frames the page managed to paint meanwhile.
 */
export async function framesWhile(page: Page, seconds: number, step: string): Promise<FrameStats> {
  return page.evaluate(`(${FRAMES_SOURCE})(${seconds}, (frame) => { ${step} })`) as Promise<FrameStats>;
}

const UNTIL_SOURCE = `(start, ready, limit) => new Promise((resolve, reject) => {
  const began = performance.now();
  start();
  const poll = () => {
    if (ready()) {
      requestAnimationFrame(() => setTimeout(() => resolve(Math.round(performance.now() - began)), 0));
      return;
    }
    if (performance.now() - began > limit) reject(new Error('not ready after ' + limit + ' ms'));
    else requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})`;

/**
 * Time from `start` (a statement run in the page) until `ready` (an expression) holds, to the
 * frame after the one that showed it: painted, and the main thread free again.
 */
export async function timeUntil(page: Page, start: string, ready: string, timeoutMs = 60_000): Promise<number> {
  return page.evaluate(`(${UNTIL_SOURCE})(() => { ${start} }, () => (${ready}), ${timeoutMs})`) as Promise<number>;
}

/** Milliseconds from the page's navigation start until `ready` (an expression) holds, to the frame after. */
export async function msSinceNavigation(page: Page, ready: string, timeoutMs = 60_000): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const poll = () => {
      if (${ready}) requestAnimationFrame(() => resolve(Math.round(performance.now())));
      else if (performance.now() > ${timeoutMs}) reject(new Error('not ready after ${timeoutMs} ms'));
      else requestAnimationFrame(poll);
    };
    poll();
  })`) as Promise<number>;
}
