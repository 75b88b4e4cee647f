import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '/work/wt-modeler/e2e/modeler/modeler-server.mjs';
const server = await startServer({ pageDir: '/work/wt-modeler/e2e/modeler/page', modulesDir: '/work/wt-modeler/e2e/modeler/node_modules', templatesDir: '/work/wt-modeler/element-templates' });
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.on('console', m => console.log('console:', m.text()));
page.on('pageerror', e => console.log('pageerror:', e.message));
await page.goto(url);
console.log('templates', await page.evaluate(() => window.modelerReady));
// create a task via palette
await page.click('.djs-palette .entry.bpmn-icon-task');
await page.mouse.click(400, 120);
await page.click('.djs-context-pad .entry[data-action="replace"]');
await page.keyboard.type('Service task');
await page.screenshot({ path: '/tmp/shot2.png' });
await page.keyboard.press('Enter');
await page.click('text=Select');
await page.waitForTimeout(300);
await page.keyboard.type('Intercom');
await page.waitForTimeout(300);
await page.screenshot({ path: '/tmp/shot3.png' });
await page.click('.element-template-chooser li[data-id="apply-template-io.github.intercomconnector.attach-subscription"]');
await page.waitForTimeout(300);
// open all groups
for (const h of await page.locator('.bio-properties-panel-group-header').all()) { if (!(await h.getAttribute('class')).includes('open')) await h.click(); }
await page.waitForTimeout(300);
await page.screenshot({ path: '/tmp/shot4.png', fullPage: true });
console.log(JSON.stringify(await page.evaluate(() => [...document.querySelectorAll('.bio-properties-panel-entry')].map(e => ({id: e.getAttribute('data-entry-id'), label: e.querySelector('.bio-properties-panel-label')?.textContent, tag: [...e.querySelectorAll('input,select,textarea,[contenteditable]')].map(i => i.tagName + (i.type ? ':' + i.type : '') + (i.getAttribute('contenteditable') ? ':ce' : '')).join(',') }))), null, 0));
await browser.close(); server.close();
