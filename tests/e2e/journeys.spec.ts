import type { Browser, Page } from '@playwright/test';
import {
	clippedControls,
	DEMO_DOCTOR,
	DEMO_PASSWORDS,
	demoId,
	expect,
	iconsDrawn,
	nextWeek,
	showNextWeek,
	signInWithPassword,
	signInWithPsc,
	smallTargets,
	test,
	violations
} from './fixtures';

/**
 * Each role's pages on a 360-px phone and a 1,366-px desk screen, with their dialogs and states:
 * axe finds nothing, the page does not scroll sideways, no control or badge is cut, and on a phone
 * every control is a 44-px touch target.
 */
// Each journey walks many page states, each checked with axe at two widths: minutes on a busy
// machine, whatever one test's share of it.
test.describe.configure({ timeout: 240_000 });

const PHONE = { width: 360, height: 740 };
const DESK = { width: 1366, height: 900 };

async function check(page: Page, width: number, what: string) {
	const where = `${what} à ${width} px`;
	expect(await violations(page), where).toEqual([]);
	expect(await page.evaluate(() => document.documentElement.scrollWidth), where).toBeLessThanOrEqual(width);
	expect(await clippedControls(page), where).toEqual([]);
	if (width < 768) expect(await smallTargets(page), where).toEqual([]);
}

/** A state of a page worth checking on its own: a dialog open, a view chosen, an error shown. */
interface State {
	name: string;
	open: (page: Page) => Promise<void>;
	close?: (page: Page) => Promise<void>;
}

interface Stop {
	path: string;
	ready: (page: Page) => Promise<void>;
	states?: State[];
	/** What this page must show besides, at this width. */
	also?: (page: Page, width: number) => Promise<void>;
}

async function journey(browser: Browser, signIn: ((page: Page) => Promise<void>) | null, stops: Stop[]) {
	for (const viewport of [PHONE, DESK]) {
		const phone = viewport.width < 768;
		const context = await browser.newContext({ viewport, isMobile: phone, hasTouch: phone });
		const page = await context.newPage();
		if (signIn) await signIn(page);
		for (const { path, ready, states = [], also } of stops) {
			await page.goto(path);
			await ready(page);
			await check(page, viewport.width, path);
			await also?.(page, viewport.width);
			for (const state of states) {
				await state.open(page);
				await check(page, viewport.width, `${path} · ${state.name}`);
				if (state.close) await state.close(page);
				else await page.keyboard.press('Escape');
			}
		}
		await context.close();
	}
}

const heading = (name: string | RegExp) => async (page: Page) => {
	await expect(page.getByRole('heading', { name }).first()).toBeVisible();
};

const dialog = (page: Page, name: string) => page.getByRole('dialog', { name });

/** Opens a dialog by its button and waits for it. */
const opens = (button: string, title = button): State['open'] =>
	async (page) => {
		await page.getByRole('button', { name: button, exact: true }).first().click();
		await expect(dialog(page, title)).toBeVisible();
	};

/** A form that opens in the page (not a dialog) under its button, and closes with « Annuler ». */
const inlineForm = (button: string, title: string): State => ({
	name: button,
	open: async (page) => {
		await page.getByRole('button', { name: button, exact: true }).click();
		await expect(page.getByRole('heading', { name: title })).toBeVisible();
	},
	close: async (page) => {
		await page.getByRole('button', { name: 'Annuler' }).click();
	}
});

test('the doctor’s pages, dialogs and states', async ({ browser }) => {
	await journey(browser, (page) => signInWithPsc(page, DEMO_DOCTOR), [
		{
			path: '/agenda',
			ready: async (page) => {
				await showNextWeek(page);
				await expect(page.locator('.agenda-calendar .occurrence').first()).toBeVisible();
			},
			states: [
				{ name: 'Créer des disponibilités', open: opens('Créer des disponibilités') },
				{
					name: 'Créer des disponibilités, une heure de fin avant le début',
					open: async (page) => {
						await opens('Créer des disponibilités')(page);
						const form = dialog(page, 'Créer des disponibilités');
						await form.getByLabel('Date', { exact: true }).fill(nextWeek(3));
						await form.getByLabel('De', { exact: true }).fill('18:00');
						await form.getByLabel('À', { exact: true }).fill('17:00');
						await form.getByRole('button', { name: 'Enregistrer' }).click();
						await expect(form.locator('.fr-error-text').first()).toBeVisible();
					}
				},
				{
					name: 'une disponibilité ouverte',
					open: async (page) => {
						await page.locator('.agenda-calendar .occurrence').first().click();
						await expect(dialog(page, 'Disponibilité')).toBeVisible();
					}
				},
				{
					name: 'la modification d’une occurrence de série',
					open: async (page) => {
						await page.locator('.agenda-calendar .occurrence', { hasText: '09:00 – 11:00' }).first().click();
						await dialog(page, 'Disponibilité').getByRole('button', { name: 'Modifier' }).click();
						await expect(dialog(page, 'Modifier la disponibilité').getByText('Appliquer la modification à')).toBeVisible();
					}
				},
				{
					name: 'la vue Liste',
					open: async (page) => {
						await page.locator('.agenda-calendar').getByRole('tab', { name: 'Liste' }).click();
						// Each item says what it is in full (« Créneaux de 15 min — Consultation en cabinet »): nothing cut.
						const titles = page.locator('.agenda-list-title');
						await expect(titles.first()).toBeVisible();
						expect(await titles.evaluateAll((items) => items.filter((item) => item.scrollWidth > item.clientWidth).map((item) => item.textContent))).toEqual([]);
					},
					close: async (page) => {
						await page.locator('.agenda-calendar').getByRole('tab', { name: /Semaine|3 jours/ }).first().click();
					}
				}
			],
			also: async (page, width) => {
				if (width >= 768) return;
				// The header folds into « Menu »: the agenda starts near the top (it took 270 px of header before).
				const brand = (await page.locator('.fr-header__brand').boundingBox())!;
				expect((await page.locator('header.fr-header').boundingBox())!.height).toBeLessThanOrEqual(160);
				await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeHidden();
				await page.getByRole('button', { name: 'Menu', exact: true }).click();
				await expect(page.getByRole('button', { name: 'Fermer le menu' })).toHaveAttribute('aria-expanded', 'true');
				// Opened, the doctor's name and « Se déconnecter » sit under the brand, not behind it.
				for (const part of [page.getByTestId('signed-in-as'), page.getByRole('button', { name: 'Se déconnecter' })]) {
					expect((await part.boundingBox())!.y).toBeGreaterThanOrEqual(brand.y + brand.height - 1);
				}
				await check(page, width, '/agenda · le menu ouvert');
				await page.getByRole('button', { name: 'Fermer le menu' }).click();
			}
		},
		{ path: '/parametres', ready: heading('Vos paramètres'), states: [{ name: 'Ajouter un lieu d’exercice', open: opens('Ajouter un lieu d’exercice') }] },
		{ path: '/historique', ready: async (page) => expect(page.getByTestId('history')).toBeVisible() },
		{ path: '/synchronisation', ready: heading('Synchronisation') },
		{ path: '/mes-heures', ready: async (page) => expect(page.getByTestId('current-week')).toBeVisible() }
	]);
});

test('the coordinator’s pages, dialogs and states', async ({ browser }) => {
	const comtat = demoId('structure:cpts-comtat');
	const members = (page: Page) => page.getByTestId('member-row');
	await journey(browser, (page) => signInWithPassword(page, ...DEMO_PASSWORDS.cptsComtat), [
		{
			path: '/structures',
			ready: async (page) => expect(members(page).first()).toBeVisible(),
			states: [inlineForm('Modifier la fiche de CPTS du Comtat Venaissin', 'Modifier la fiche de CPTS du Comtat Venaissin')],
			also: async (page, width) => {
				// Below 576 px each member is a card: the week's status and « Voir détail » are on screen.
				const first = members(page).first();
				for (const part of [first.getByRole('link', { name: /Voir détail/ }), first.locator('.fr-badge').first()]) {
					const box = (await part.boundingBox())!;
					expect(box.x + box.width).toBeLessThanOrEqual(width);
				}
			}
		},
		{
			path: `/praticiens/${demoId('doctor:Claire Aubert')}`,
			ready: heading('Copier une semaine'),
			states: [{ name: 'Programmer une indisponibilité', open: opens('Programmer une indisponibilité') }],
			also: async (page) => {
				expect(await iconsDrawn(page)).toBeGreaterThanOrEqual(1);
				// The 72 hours end on the last day shown, three days after today (not two).
				const lastDay = new Date(Date.now() + 72 * 3_600_000).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
				await expect(page.getByTestId('preview-range')).toContainText(`au ${lastDay}`);
			}
		},
		{ path: `/praticiens/${demoId('doctor:Élodie Giraud')}`, ready: async (page) => expect(page.getByTestId('read-only-reason')).toBeVisible() },
		{
			path: `/structures/${comtat}/semaine`,
			ready: async (page) => expect(page.getByTestId('week-row').first()).toBeVisible(),
			also: async (page, width) => {
				// « Semaine suivante » whole, not « Sen »: the controls sit above the table, which scrolls in its own box.
				await expect(page.getByRole('button', { name: 'Semaine suivante' })).toBeInViewport();
				expect(await iconsDrawn(page)).toBeGreaterThanOrEqual(2);
				// On a desk the whole week shows without scrolling sideways: the status column is not cut to « OBJECTIF A… ».
				const box = page.getByRole('region', { name: 'Disponibilités de chaque médecin' });
				if (width >= 1366) expect(await box.evaluate((e) => e.scrollWidth <= e.clientWidth + 1)).toBe(true);
			}
		},
		{ path: `/structures/${comtat}/modele`, ready: async (page) => expect(page.getByLabel('Dr Claire Aubert')).toBeVisible() },
		{ path: `/praticiens/${demoId('doctor:Claire Aubert')}/heures`, ready: async (page) => expect(page.getByTestId('current-week')).toBeVisible(), also: async (page) => expect(await iconsDrawn(page)).toBeGreaterThanOrEqual(1) },
		{ path: '/indicateurs', ready: heading(/Indicateurs/) },
		{ path: '/tableau-de-bord', ready: async (page) => expect(page.getByTestId('target')).toBeVisible() }
	]);
});

test('the health-centre secretary’s pages, dialogs and states', async ({ browser }) => {
	await journey(browser, (page) => signInWithPassword(page, ...DEMO_PASSWORDS.cdsChartreux), [
		{
			path: '/structures',
			ready: async (page) => expect(page.getByTestId('member-row').first()).toBeVisible(),
			states: [inlineForm('Ajouter un médecin', 'Ajouter un médecin au centre')]
		},
		{ path: `/praticiens/${demoId('doctor:Hugo Rostagni')}`, ready: heading('Copier une semaine') },
		{ path: `/structures/${demoId('structure:cds-chartreux')}/semaine`, ready: async (page) => expect(page.getByTestId('week-row').first()).toBeVisible() }
	]);
});

test('the account manager’s pages', async ({ browser }) => {
	await journey(browser, (page) => signInWithPassword(page, ...DEMO_PASSWORDS.accountManager), [
		{ path: '/comptes', ready: heading(/Comptes du territoire/) },
		{
			path: '/comptes/structures',
			ready: async (page) => expect(page.getByTestId('territory-structure').first()).toBeVisible(),
			states: [inlineForm('Créer une structure', 'Créer une structure')]
		},
		{
			path: '/indicateurs',
			ready: async (page) => expect(page.getByTestId('indicators-CPTS')).toBeVisible(),
			also: async (page) => {
				expect(await iconsDrawn(page)).toBeGreaterThanOrEqual(1);
				// One visible title per table: the caption names the table for screen readers only.
				await expect(page.getByRole('heading', { name: 'CPTS et nombre d’effecteurs' })).toBeVisible();
				expect((await page.getByTestId('indicators-CPTS').locator('caption').boundingBox())!.height).toBeLessThanOrEqual(1);
			}
		},
		{ path: '/tableau-de-bord', ready: async (page) => expect(page.getByTestId('orientations-status')).toBeVisible() }
	]);
});

test('the pages before signing in', async ({ browser }) => {
	await journey(browser, null, [
		{
			path: '/',
			ready: heading('Comptes de démonstration'),
			// The demo accounts scroll in a box that takes the keyboard.
			also: async (page) => expect(page.locator('div[role="region"][aria-label="Comptes de démonstration"]')).toHaveAttribute('tabindex', '0')
		},
		{
			path: '/verification',
			ready: heading('Vérifier une attestation d’heures SAS'),
			states: [
				{
					name: 'un code mal formé',
					open: async (page) => {
						await page.getByLabel('Code de vérification').fill('ABC');
						await page.getByRole('button', { name: 'Vérifier' }).click();
						await expect(page.locator('.fr-error-text')).toBeVisible();
					},
					close: async () => {}
				}
			]
		},
		{
			path: '/connexion',
			ready: heading('Connexion'),
			states: [
				{
					name: 'un mot de passe refusé',
					open: async (page) => {
						await page.getByLabel('Adresse e-mail').fill('personne@agenda-sas.test');
						await page.getByLabel('Mot de passe').fill('pas le bon');
						await page.getByRole('button', { name: 'Se connecter' }).click();
						await expect(page.locator('.fr-alert--error, .fr-error-text').first()).toBeVisible();
					},
					close: async () => {}
				}
			]
		}
	]);
});
