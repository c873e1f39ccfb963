import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { chromium, type Browser } from 'playwright-core';
import { createInMemoryCheckpointStore } from '@cim-complaints/core';
import { buildReport, createProjectionRunner, monitoringModels, monitoringProjections, renderHtml } from '../src/index.js';
import { AS_OF, scenarioStore } from './scenario.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true' || process.env.CI === '1';
const SCREENSHOTS = join(import.meta.dirname, '__screenshots__');
// after a deliberate change to the page: UPDATE_SCREENSHOTS=1 writes the shot as the new committed reference
const updating = process.env.UPDATE_SCREENSHOTS === '1';

if (!available && !inCi) {
  console.warn(`html-report e2e: ${CHROMIUM} not found; skipping the browser test (install Debian's chromium package to run it; CI requires it)`);
}

describe.skipIf(!available && !inCi)('the HTML report in headless Chromium', () => {
  let browser: Browser;
  let file: string;

  beforeAll(async () => {
    // in CI a missing browser is a failure, not a skip
    expect(existsSync(CHROMIUM), `${CHROMIUM} must be installed in CI (apt-get install -y chromium)`).toBe(true);
    const runner = createProjectionRunner({ store: await scenarioStore(), projections: monitoringProjections, checkpoints: createInMemoryCheckpointStore() });
    if (E.isLeft(await runner.rebuild())) throw new Error('rebuild failed');
    const report = buildReport(monitoringModels(runner), AS_OF);
    if (E.isLeft(report)) throw new Error(report.left.message);
    file = join(tmpdir(), `cim-monitoring-${process.pid}.html`);
    writeFileSync(file, renderHtml(report.right));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('opens offline from a file, draws the four charts with their bars, asks the network for nothing and logs no error', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    const url = pathToFileURL(file).href;
    await page.goto(url, { waitUntil: 'load' });

    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
    expect(await page.title()).toBe(`Complaints monitoring report as of ${AS_OF}`);

    const bars = async (id: string) => page.$$eval(`svg#${id} rect.bar`, (rects) => rects.map((r) => [r.getAttribute('data-key'), Number(r.getAttribute('data-value')), r.getBoundingClientRect().height]));
    const received = await bars('chart-monthly-trend');
    expect(received.map(([k, v]) => [k, v])).toEqual([['2025-01', 2], ['2025-02', 0], ['2025-03', 1], ['2025-04', 2], ['2025-05', 4], ['2025-06', 14], ['2025-07', 0]]);
    // the browser laid the bars out in proportion: June's 14 is seven times January's 2
    const height = (month: string) => received.find(([k]) => k === month)![2] as number;
    expect(height('2025-06') / height('2025-01')).toBeCloseTo(7, 1);
    // two on-time lines (acknowledgement, response), a point for each month with something judged
    expect(await page.$$eval('svg#chart-monthly-trend circle.point', (c) => c.length)).toBe(10);
    expect(await page.$$eval('svg#chart-monthly-trend line.grid', (l) => l.length)).toBe(4);
    expect(await page.$$eval('svg#chart-sla-compliance rect.bar', (r) => r.length)).toBe(12);
    expect((await bars('chart-outcomes')).map(([k, v]) => [k, v])).toEqual([['upheld', 4], ['partially-upheld', 2], ['not-upheld', 4]]);
    expect((await bars('chart-caseload-by-status')).map(([k, v]) => [k, v])).toEqual([['received', 3], ['acknowledged', 1], ['under-investigation', 4], ['responded', 1]]);
    expect(await page.$$eval('svg.chart', (s) => s.every((svg) => svg.getBoundingClientRect().width > 0))).toBe(true);
    // every label, tick and value is drawn whole inside its chart (none clipped at an edge)
    const clipped = await page.$$eval('svg.chart text', (texts) =>
      texts
        .map((t) => {
          const box = t.getBoundingClientRect();
          const svg = t.closest('svg')!.getBoundingClientRect();
          return box.left >= svg.left - 0.5 && box.right <= svg.right + 0.5 && box.top >= svg.top - 0.5 && box.bottom <= svg.bottom + 0.5 ? null : `${t.closest('svg')!.id}: ${t.textContent}`;
        })
        .filter((t) => t !== null),
    );
    expect(clipped).toEqual([]);
    expect(await page.locator('#review-overdue').isVisible()).toBe(true);
    expect(await page.locator('table.caseload tbody tr').count()).toBe(9);
    expect(await page.locator('table.sla thead th').allTextContents()).toEqual(['Target', 'Met', 'Missed', 'Overdue', 'Pending', 'Due soon', 'Stopped', 'Not applicable', 'On time', 'Done', 'Median days', 'P90 days']);
    expect(await page.locator('section#problems').textContent()).toContain('None: every complaint was read and judged.');

    mkdirSync(SCREENSHOTS, { recursive: true });
    const png = await page.screenshot({ fullPage: true });
    // the committed reference stays (unless UPDATE_SCREENSHOTS=1); each run writes its own shot beside it (git-ignored) for a look
    writeFileSync(join(SCREENSHOTS, 'monitoring-report.actual.png'), png);
    if (updating) writeFileSync(join(SCREENSHOTS, 'monitoring-report.png'), png);
    const reference = readFileSync(join(SCREENSHOTS, 'monitoring-report.png'));
    // loose comparison, fonts differ between machines: a PNG as wide as the reference, about as tall, not blank
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const size = (image: Buffer) => ({ width: image.readUInt32BE(16), height: image.readUInt32BE(20) });
    expect(size(png).width).toBe(size(reference).width);
    expect(size(png).height).toBeGreaterThan(900);
    expect(Math.abs(size(png).height - size(reference).height) / size(reference).height).toBeLessThan(0.25);
    const shot = await browser.newPage();
    await shot.setContent(`<img id="s" src="data:image/png;base64,${png.toString('base64')}">`);
    // counted in the browser (a string, so this file needs no DOM types): distinct colours sampled over the first screen
    const distinct = (await shot.evaluate(`(async () => {
      const img = document.getElementById('s');
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, canvas.width, Math.min(canvas.height, 900)).data;
      const colours = new Set();
      for (let i = 0; i < data.length; i += 4 * 97) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      return colours.size;
    })()`)) as number;
    // a blank page has one colour; text, bars and tables give many
    expect(distinct).toBeGreaterThan(8);
    await shot.close();
    await page.close();
  });
});
