/**
 * Renders the PWA icons from static/favicon.svg with Debian's Chromium (npm run icons is not part
 * of the build: the PNGs are committed). "any" icons keep the rounded square; "maskable" ones put
 * the drawing inside the 80 % safe zone on a full-bleed background, as platforms crop them.
 */
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const svg = await readFile('static/favicon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
const targets = [
	{ file: 'static/icons/icon-192.png', size: 192, maskable: false },
	{ file: 'static/icons/icon-512.png', size: 512, maskable: false },
	{ file: 'static/icons/maskable-192.png', size: 192, maskable: true },
	{ file: 'static/icons/maskable-512.png', size: 512, maskable: true },
	{ file: 'static/icons/apple-touch-icon.png', size: 180, maskable: true }
];
for (const { file, size, maskable } of targets) {
	const inner = maskable ? size * 0.72 : size;
	await page.setViewportSize({ width: size, height: size });
	await page.setContent(
		`<body style="margin:0;background:${maskable ? '#000091' : 'transparent'};display:grid;place-items:center;width:${size}px;height:${size}px">` +
			`<div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', '<svg width="100%" height="100%" ')}</div></body>`
	);
	await page.screenshot({ path: file, omitBackground: !maskable });
}
await browser.close();
