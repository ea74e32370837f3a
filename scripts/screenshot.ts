// Full-page screenshot of one page of a built site, for the README:
//   node --import tsx scripts/screenshot.ts data/demo/site index docs/screenshot-scorecard.png
// Serves the folder on 127.0.0.1, opens the page in headless Chromium (stack-notes §7 flags), waits for the cells to
// render, and fails if the page logged an error or asked any other host for anything.
import { chromium } from 'playwright-core';
import { serveSite } from '../src/site/serve.ts';

const [dir, page = 'index', out = 'screenshot.png', width = '1440'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node --import tsx scripts/screenshot.ts SITE_DIR [PAGE] [OUT.png] [WIDTH]');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const site = await serveSite(dir, { port: 0 });
const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems: string[] = [];
try {
  const tab = await browser.newPage({ viewport: { width: Number(width), height: 900 } });
  tab.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  tab.on('request', (r) => {
    if (!r.url().startsWith(site.url) && !/^(data|blob):/.test(r.url())) problems.push(`external request ${r.url()}`);
  });
  await tab.goto(`${site.url}${page === 'index' ? '' : page}`, { waitUntil: 'networkidle' });
  await tab.waitForTimeout(500);
  await tab.screenshot({ path: out, fullPage: true });
} finally {
  await browser.close();
  await site.close();
}
if (problems.length) {
  console.error(`screenshot: ${problems.length} problem(s): ${problems[0]}`);
  process.exit(1);
}
console.log(`wrote ${out}`);
