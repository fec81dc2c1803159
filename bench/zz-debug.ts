import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../playwright.config';
import { Deployment } from '../tests/e2e/deployment';
import { DEMO_DOCTOR, signInWithPsc, waitForServiceWorker } from '../tests/e2e/fixtures';
const d = new Deployment(); await d.start();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
const setup = await context.newPage();
await signInWithPsc(setup, DEMO_DOCTOR, d.url);
await waitForServiceWorker(setup);
await setup.getByTestId('sync-status').filter({ hasText: /^Synchronisé/ }).waitFor();
await setup.close();
for (let i = 0; i < 2; i++) { const p = await context.newPage(); await p.goto(`${d.url}/agenda`); await p.locator('.agenda-calendar .occurrence').first().waitFor(); await p.close(); }
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
await page.goto(`${d.url}/agenda`);
await page.locator('.agenda-calendar .occurrence').first().waitFor();
const { profile } = await cdp.send('Profiler.stop');
const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
const self = new Map<string, number>();
const dt = profile.timeDeltas; const samples = profile.samples;
for (let i = 0; i < samples.length; i++) { const n: any = byId.get(samples[i]); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*\//, '')}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000); }
const byFile = new Map<string, number>();
for (const [k, v] of self) { const f = k.split(' ')[1]!.split(':')[0]!; byFile.set(f, (byFile.get(f) ?? 0) + v); }
console.log([...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${v.toFixed(0)} ms ${k}`).join('\n'));
console.log('---');
console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(0)} ms ${k}`).join('\n'));
await browser.close(); await d.dispose();
