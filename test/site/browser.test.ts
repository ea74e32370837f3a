// The built site in headless Chromium (stack-notes §7): every page renders its charts and tables with no console
// error and no request leaving 127.0.0.1; filters change the numbers; the contract model reacts to its rate slider;
// CSV downloads carry the table's header. Screenshots go to test-output/screenshots/.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/site/build.ts';
import { serveSite, type ServedSite } from '../../src/site/serve.ts';
import { dataFiles, siteFixture, type SiteFixture } from './fixture.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
const CI = Boolean(process.env.CI);
if (!HAVE_CHROMIUM && !CI) {
  console.warn(`[site browser tests] SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH). In CI these tests fail instead.`);
}

/** stack-notes §7 */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PAGES = ['index', 'denials', 'ar', 'lags', 'authorizations', 'payers', 'mix', 'credentialing', 'benchmarks', 'data-quality'];
const SHOTS = path.join(PROJECT_ROOT, 'test-output', 'screenshots');

interface Watch {
  errors: string[];
  external: string[];
}

let fx: SiteFixture;
let browser: Browser;
let internalSite: ServedSite;
let benchmarkSite: ServedSite;

async function open(site: ServedSite, name: string, watch?: Watch): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  if (watch) {
    page.on('console', (m) => {
      if (m.type() === 'error') watch.errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => watch.errors.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => watch.errors.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(site.url) && !u.startsWith('data:') && !u.startsWith('blob:')) watch.external.push(u);
    });
  }
  await page.goto(`${site.url}${name === 'index' ? '' : name}`, { waitUntil: 'networkidle' });
  // Framework renders cells after the data files load: wait for the main content to settle.
  await page.waitForFunction(() => document.querySelectorAll('#observablehq-main .observablehq--block').length > 0);
  await page.waitForTimeout(300);
  return page;
}

/** The text of an element, once it differs from `before` (or after the timeout, unchanged). */
async function textAfterChange(page: Page, selector: string, before: string): Promise<string> {
  await page.waitForFunction(([s, b]) => document.querySelector(s!)?.textContent !== b, [selector, before], { timeout: 10_000 }).catch(() => undefined);
  return (await page.locator(selector).first().textContent()) ?? '';
}

/**
 * Run `body` in a page of the built benchmark site with `m` bound to the site's bundled component module `name`
 * (components/<name>.js), and return what it returns. A string, not a function: vitest would rewrite a dynamic
 * import() inside a function passed to the page.
 */
async function inComponent<T>(name: string, body: string): Promise<T> {
  const file = fs.readdirSync(path.join(fx.benchmark.outDir, '_import', 'components')).find((f) => new RegExp(`^${name}\\.[0-9a-f]+\\.js$`).test(f));
  expect(file, `components/${name}.js in the built site`).toBeDefined();
  const page = await open(benchmarkSite, 'index');
  try {
    return (await page.evaluate(`(async () => { const m = await import(${JSON.stringify(`/_import/components/${file}`)}); ${body} })()`)) as T;
  } finally {
    await page.close();
  }
}

describe.skipIf(!HAVE_CHROMIUM && !CI)('site in Chromium', () => {
  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI is set but no Chromium was found at ${CHROMIUM}: install it (apt-get install -y chromium)`);
    fx = await siteFixture();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    internalSite = await serveSite(fx.internal.outDir, { port: 0 });
    benchmarkSite = await serveSite(fx.benchmark.outDir, { port: 0 });
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 15 * 60_000);

  afterAll(async () => {
    await browser?.close();
    await internalSite?.close();
    await benchmarkSite?.close();
  });

  it.each(PAGES)('internal %s: charts and tables render, no console error, nothing leaves 127.0.0.1', async (name) => {
    const watch: Watch = { errors: [], external: [] };
    const page = await open(internalSite, name, watch);
    try {
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
      const cellErrors = await page.locator('.observablehq--error').allTextContents();
      expect(cellErrors).toEqual([]);
      expect(await page.locator('#observablehq-main svg').count()).toBeGreaterThan(0);
      expect(await page.locator('#observablehq-main table').count()).toBeGreaterThan(0);
      expect(await page.locator('button.download').count()).toBeGreaterThan(0);
      expect((await page.locator('#observablehq-main svg text').allTextContents()).filter((t) => /^0\.0{3,}$/.test(t.trim()))).toEqual([]);
      expect(watch.errors).toEqual([]);
      expect(watch.external).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it.each(PAGES)('benchmark %s renders with no error', async (name) => {
    const watch: Watch = { errors: [], external: [] };
    const page = await open(benchmarkSite, name, watch);
    try {
      await page.screenshot({ path: path.join(SHOTS, `benchmark-${name}.png`), fullPage: true });
      expect(await page.locator('.observablehq--error').allTextContents()).toEqual([]);
      expect(await page.locator('#observablehq-main svg').count()).toBeGreaterThan(0);
      expect(watch.errors).toEqual([]);
      expect(watch.external).toEqual([]);
      expect(await page.locator('body').textContent()).not.toMatch(/p_[0-9a-f]{16}/);
      // An empty or all-zero plot (every cell hidden, or nothing leaked) says so instead of a [0, 0] axis.
      expect((await page.locator('#observablehq-main svg text').allTextContents()).filter((t) => /^0\.0{3,}$/.test(t.trim()))).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('a filter change changes the numbers (denials: payer)', async () => {
    const page = await open(internalSite, 'denials');
    try {
      const tile = '.grid .card .big-number';
      const before = (await page.locator(tile).first().textContent()) ?? '';
      const payer = page.locator('.filter-bar select').filter({ has: page.locator('option', { hasText: 'All payers' }) }).first();
      const options = await payer.locator('option').allTextContents();
      // The payer with the most denials (the systematic one, if any) surely differs from the group rate.
      await payer.selectOption({ index: options.length > 1 ? 1 : 0 });
      const after = await textAfterChange(page, tile, before);
      expect(after).not.toBe(before);
    } finally {
      await page.close();
    }
  });

  it('a filter change changes the numbers (submission lag: clinic)', async () => {
    const page = await open(internalSite, 'lags');
    try {
      const tile = '.grid .card .big-number';
      const before = (await page.locator(tile).first().textContent()) ?? '';
      const clinic = page.locator('.filter-bar select').first();
      await clinic.selectOption({ index: 1 });
      const after = await textAfterChange(page, tile, before);
      expect(after).not.toBe(before);
    } finally {
      await page.close();
    }
  });

  it('benchmark payers: a payer whose cost is suppressed stays in the table with its cost marked, out of the model only', async () => {
    type P = { payer_id: string; period_grain: string; visits: number | null; cost: number | null };
    const rows = (dataFiles(fx.benchmark.outDir).get('payers') as { payer_profitability: P[] }).payer_profitability
      .filter((r) => r.period_grain === 'all' && r.payer_id !== '*' && r.visits !== null);
    const hiddenCost = rows.filter((r) => r.cost === null);
    // The fixture has both kinds, or this test shows nothing.
    expect(hiddenCost.length).toBeGreaterThan(0);
    expect(hiddenCost.length).toBeLessThan(rows.length);
    const page = await open(benchmarkSite, 'payers');
    try {
      const card = page.locator('.card', { has: page.locator('h3', { hasText: 'Profitability by payer' }) });
      expect(await card.locator('table tbody tr').count()).toBe(rows.length);
      // cost, margin, cost / visit, margin / visit and margin % of each such payer say "suppressed"
      expect(await card.locator('tbody span.suppressed').count()).toBe(hiddenCost.length * 5);
      expect(await page.locator('#observablehq-main').textContent()).toMatch(/are hidden by small-cell suppression in this profile \(the cost counts the denial rework, so it would give a small count of initially denied claims back\), and the contract model below leaves (it|them) out/);
    } finally {
      await page.close();
    }
  });

  it("the contract model's rate slider changes the margin", async () => {
    const page = await open(internalSite, 'payers');
    try {
      const margin = '[data-testid="scenario-margin"]';
      const before = (await page.locator(margin).textContent()) ?? '';
      expect(before).toBe(await page.locator('[data-testid="baseline-margin"]').textContent());
      const slider = page.locator('input[type=range]').first();
      await slider.fill('10');
      await slider.dispatchEvent('input');
      const after = await textAfterChange(page, margin, before);
      expect(after).not.toBe(before);
      expect(await page.locator('[data-testid="margin-change"]').textContent()).toMatch(/^\+\$/);
    } finally {
      await page.close();
    }
  });

  it('a chart with nothing to draw (no rows, all zero, every cell hidden) says so instead of plotting a [0, 0] axis', async () => {
    const got = await inComponent<Record<string, string>>('charts', `
      const what = (el) => (el.tagName === 'P' ? 'p.' + el.className + ': ' + el.textContent : el.tagName.toLowerCase());
      return {
        none: what(m.barChart([], { x: 'n', y: 'k' })),
        zeros: what(m.barChart([{ k: 'a', n: 0 }, { k: 'b', n: 0 }], { x: 'n', y: 'k' })),
        hidden: what(m.stackedBars([{ k: 'a', f: 'x', n: null, suppressed: ['n'] }], { x: 'n', y: 'k', fill: 'f' })),
        trend: what(m.trendChart([{ d: '2025-01-06', v: null }], { x: 'd', y: 'v' })),
        some: what(m.barChart([{ k: 'a', n: 0 }, { k: 'b', n: 3 }], { x: 'n', y: 'k' })),
      };`);
    expect(got.none).toMatch(/^p\.no-data: Nothing to draw for this selection/);
    expect(got.zeros).toMatch(/^p\.no-data: Nothing to draw for this selection/);
    expect(got.hidden).toMatch(/^p\.no-data: Nothing to draw: the values here are small cells/);
    expect(got.trend).toMatch(/^p\.no-data: /);
    expect(got.some).not.toMatch(/^p\./);
  });

  it('a scorecard tile judges the week-over-week change only for a KPI with a target', async () => {
    const got = await inComponent<string[]>('kpi-tile', `
      const row = { kpi: 'k', value: 0.4, change: 0.05, status: 'none' };
      const tile = (info) => m.kpiTile(row, info).querySelector('.kpi-change').className;
      return [
        tile({ kpi: 'k', unit: 'ratio', direction: 'higher', target: 0.3 }),
        tile({ kpi: 'k', unit: 'ratio', direction: 'lower', target: 0.3 }),
        tile({ kpi: 'cash_revenue_share', unit: 'ratio', direction: 'higher', target: null }),
      ];`);
    expect(got).toEqual(['kpi-change kpi-better', 'kpi-change kpi-worse', 'kpi-change kpi-neutral']);
  });

  it('a month range covering all the data sums the all-time rows (fewer hidden cells), a narrower one the months in it', async () => {
    const got = await inComponent<Record<string, string[]>>('filters', `
      const rows = [
        { period_grain: 'all', period_start: null, payer_id: 'a', claims: 40 },
        { period_grain: 'month', period_start: '2025-01-01', payer_id: 'a', claims: null, suppressed: ['claims'] },
        { period_grain: 'month', period_start: '2025-02-01', payer_id: 'a', claims: 15 },
        { period_grain: 'month', period_start: '2025-03-01', payer_id: 'a', claims: 20 },
        { period_grain: 'all', period_start: null, payer_id: 'b', claims: 12 },
      ];
      const pick = (f, o) => m.periodRows(rows, f, o).map((r) => r.payer_id + ' ' + r.period_grain + ' ' + (r.period_start ?? '-'));
      return {
        whole: pick({ from: '2025-01-01', to: '2025-03-01' }),
        wider: pick({ from: '2024-12-01', to: '2025-06-01' }),
        part: pick({ from: '2025-02-01', to: '2025-03-01' }),
        payer: pick({ from: '2025-01-01', to: '2025-03-01', payer: 'b' }, { payer: 'payer_id' }),
      };`);
    expect(got.whole).toEqual(['a all -', 'b all -']);
    expect(got.wider).toEqual(['a all -', 'b all -']);
    expect(got.part).toEqual(['a month 2025-02-01', 'a month 2025-03-01']);
    expect(got.payer).toEqual(['b all -']);
  });

  it('CSV numbers carry no binary noise from sums made in the page (8277.810000000001 → 8277.81)', async () => {
    const csv = await inComponent<string>('table', `
      return m.toCsv([{ a: 8000.5 + 277.31, b: 0.1 + 0.2, c: 12, d: -5260.189999999999 }], ['a', 'b', 'c', 'd']);`);
    expect(csv).toBe('a,b,c,d\n8277.81,0.3,12,-5260.19');
  });

  it('CSV download carries the header row of the table', async () => {
    const page = await open(internalSite, 'denials');
    try {
      const card = page.locator('.table-card[data-table="denials-by-payer.csv"]');
      const [download] = await Promise.all([page.waitForEvent('download'), card.locator('button.download').click()]);
      expect(download.suggestedFilename()).toBe('denials-by-payer.csv');
      const file = path.join(SHOTS, '..', 'denials-by-payer.csv');
      await download.saveAs(file);
      const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
      expect(lines[0]).toBe('payer_id,adjudicated_claims,denied_claims,denial_rate,denied_amount,denial_rate_amount,first_pass_rate,systematic');
      expect(lines.length).toBeGreaterThan(1);
    } finally {
      await page.close();
    }
  });
});
