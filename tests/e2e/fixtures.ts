import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_PRACTITIONER_ID, demoId, demoRpps } from '../../src/lib/demo';
import { addDays, startOfIsoWeek, type LocalDate } from '../../src/lib/domain/civil';
import { luhnCheckDigit } from '../../src/lib/domain/ids';
import { todayIn } from '../../src/lib/domain/time';
import { singleServer, twoServers, type Topology } from '../support/app-server';

export const DEMO_AGENDA = `/praticiens/${DEMO_PRACTITIONER_ID}/agenda`;
export { DEMO_PRACTITIONER_ID, demoId };

/** The demo doctor (manual agenda, via the CPTS du Comtat Venaissin), as the seed numbers her. */
export const DEMO_DOCTOR = { rpps: `1010234567${luhnCheckDigit('1010234567')}`, lastName: 'Aubert', firstName: 'Claire' };

/** Demo doctors by their place in the seed (src/lib/server/seed/demo-data.ts), for tests that write. */
const DEMO_NAMES: Record<number, string> = { 0: 'Claire Aubert', 1: 'Julien Bonnet', 2: 'Sophie Chabert', 3: 'Thomas Daumas', 4: 'Camille Estève', 5: 'Nicolas Fabre', 6: 'Élodie Giraud', 34: 'Rémi Marin' };
export function demoDoctor(index: number) {
	const [firstName, lastName] = DEMO_NAMES[index]!.split(' ') as [string, string];
	return { rpps: demoRpps(index), firstName, lastName, id: demoId(`doctor:${firstName} ${lastName}`) };
}

/** A day of the current week (1 = Monday … 7 = Sunday), where the demo agendas are placed. */
export function thisWeek(day: number): LocalDate {
	return addDays(startOfIsoWeek(todayIn('Europe/Paris')), day - 1);
}

/**
 * A day of next week: what a test creates or edits goes there, since nothing may be entered in the
 * past and part of this week always is (the demo's weekly series run on next week too).
 */
export function nextWeek(day: number): LocalDate {
	return addDays(thisWeek(day), 7);
}

/** Shows next week in the agenda, where tests edit the demo's weekly occurrences. */
export async function showNextWeek(page: Page): Promise<void> {
	await gotoDate(page, nextWeek(1));
}

export const DEMO_PASSWORDS = {
	accountManager: ['comptes.vaucluse@agenda-sas.test', 'demo-comptes-84'],
	cptsComtat: ['cpts.comtat@agenda-sas.test', 'demo-cpts-comtat'],
	cdsChartreux: ['secretariat.chartreux@agenda-sas.test', 'demo-cds-chartreux']
} as const;

let counter = 0;
/** A valid RPPS nobody in the demo data has: a new doctor at each call. */
export function newRpps(): string {
	const body = `19${String(Date.now() % 1e6).padStart(6, '0')}${String(counter++ % 100).padStart(2, '0')}`;
	return body + luhnCheckDigit(body);
}

/** Signs in through the Pro Santé Connect sandbox, the way a doctor does. */
export async function signInWithPsc(page: Page, identity: { rpps: string; lastName: string; firstName: string }, origin = ''): Promise<void> {
	await page.goto(`${origin}/`);
	await page.getByRole('link', { name: 'Se connecter avec Pro Santé Connect' }).click();
	await page.getByLabel('Identifiant RPPS').fill(identity.rpps);
	await page.getByLabel('Nom', { exact: true }).fill(identity.lastName);
	await page.getByLabel('Prénom').fill(identity.firstName);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await page.waitForURL('**/agenda');
}

/** Signs in with e-mail and password through the sign-in page. */
export async function signInWithPassword(page: Page, email: string, password: string, origin = ''): Promise<void> {
	await page.goto(`${origin}/connexion`);
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill(password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	// Signed in: « Se déconnecter » on a desk, folded under « Menu » on a phone. (A plain wait, so
	// that scripts and benchmarks outside the test runner sign in with it too.)
	await page.getByRole('button', { name: /^(Se déconnecter|Menu)$/ }).waitFor({ timeout: 10_000 });
}

/**
 * Every DSFR icon on the page has its picture: an icon whose mask is missing shows as a filled
 * square. Answers how many icons it saw, so that a test can require some.
 */
export async function iconsDrawn(page: Page): Promise<number> {
	const icons = await page.locator('[class*="fr-icon-"]').evaluateAll((elements) =>
		elements.map((element) => {
			const style = getComputedStyle(element, '::before');
			return { icon: [...element.classList].find((c) => c.startsWith('fr-icon-')), mask: style.maskImage || style.getPropertyValue('-webkit-mask-image') };
		})
	);
	expect(icons.filter((i) => !i.mask || i.mask === 'none').map((i) => i.icon)).toEqual([]);
	return icons.length;
}

/** Waits until the service worker has installed and controls the page. */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.waitForFunction(async () => {
		await navigator.serviceWorker.ready;
		return navigator.serviceWorker.controller !== null;
	});
}

/**
 * Cuts the network for the pages and for the service worker: setOffline alone lets the
 * worker's own requests through (playwright #2311), so those are aborted by a route.
 */
export async function goOffline(context: BrowserContext): Promise<void> {
	await context.route('**/*', (route) => (route.request().serviceWorker() ? route.abort('internetdisconnected') : route.fallback()));
	await context.setOffline(true);
}

export async function goOnline(context: BrowserContext): Promise<void> {
	await context.unroute('**/*');
	await context.setOffline(false);
}

export interface NewAvailability {
	date: LocalDate;
	start: string;
	end: string;
	kind?: 'Je souhaite rendre visible un créneau disponible' | 'Je peux recevoir X patients sur cette plage horaire' | 'Je peux recevoir des patients sans RDV sur cette plage horaire';
	capacity?: number;
	/** Consultation types to tick besides the default « Consultation en cabinet ». */
	alsoTypes?: string[];
	/** « Chaque lundi »… to tick (the date's own weekday is ticked already). */
	weekdays?: string[];
}

/** Fills « Créer des disponibilités » the way a user does (DSFR draws over the native inputs: labels are clicked). */
export async function createAvailability(page: Page, a: NewAvailability): Promise<void> {
	await page.getByRole('button', { name: 'Créer des disponibilités' }).click();
	const dialog = page.getByRole('dialog', { name: 'Créer des disponibilités' });
	await dialog.getByLabel('Date', { exact: true }).fill(a.date);
	await dialog.getByLabel('De', { exact: true }).fill(a.start);
	await dialog.getByLabel('À', { exact: true }).fill(a.end);
	if (a.kind) await dialog.locator('label', { hasText: a.kind }).click();
	if (a.capacity !== undefined) await dialog.getByLabel('Nombre de patients').fill(String(a.capacity));
	for (const type of a.alsoTypes ?? []) await dialog.locator('label', { hasText: type }).click();
	if (a.weekdays) {
		await dialog.locator('label', { hasText: 'Créer une récurrence hebdomadaire' }).click();
		for (const day of a.weekdays) await dialog.locator('label', { hasText: day }).click();
	}
	await dialog.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(dialog).toBeHidden();
}

export function syncStatus(page: Page) {
	return page.getByTestId('sync-status');
}

/** The calendar's event showing these times (« 14:00 – 15:30 »). */
export function occurrence(page: Page, times: string) {
	return page.locator('.agenda-calendar .occurrence', { hasText: times });
}

/** Opens an occurrence and changes its times, for « Cette occurrence » unless told otherwise. */
export async function editOccurrence(page: Page, times: string, start: string, end: string, scope = 'Cette occurrence'): Promise<void> {
	await occurrence(page, times).first().click();
	await page.getByRole('dialog', { name: 'Disponibilité' }).getByRole('button', { name: 'Modifier' }).click();
	const dialog = page.getByRole('dialog', { name: 'Modifier la disponibilité' });
	if (await dialog.getByText('Appliquer la modification à').isVisible()) await dialog.locator('label', { hasText: new RegExp(`^${scope}$`) }).click();
	await dialog.getByLabel('De', { exact: true }).fill(start);
	await dialog.getByLabel('À', { exact: true }).fill(end);
	await dialog.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(dialog).toBeHidden();
}

export async function deleteOccurrence(page: Page, times: string, scope = 'Cette occurrence'): Promise<void> {
	await occurrence(page, times).first().click();
	const dialog = page.getByRole('dialog', { name: 'Disponibilité' });
	await dialog.getByRole('button', { name: 'Supprimer' }).click();
	await dialog.locator('label', { hasText: new RegExp(`^${scope}$`) }).click();
	await dialog.getByRole('button', { name: 'Confirmer la suppression' }).click();
	await expect(dialog).toBeHidden();
}

/** « Ajouter un lieu d’exercice » in « Vos paramètres ». */
export async function addAddress(page: Page, a: { street: string; postalCode: string; city: string; phone: string }): Promise<void> {
	await page.getByRole('link', { name: 'Vos paramètres' }).click();
	await page.getByRole('button', { name: 'Ajouter un lieu d’exercice' }).click();
	const dialog = page.getByRole('dialog', { name: 'Ajouter un lieu d’exercice' });
	await dialog.getByLabel('Adresse', { exact: true }).fill(a.street);
	await dialog.getByLabel('Code postal', { exact: true }).fill(a.postalCode);
	await dialog.getByLabel('Commune').fill(a.city);
	await dialog.getByLabel(/^Téléphone/).fill(a.phone);
	await dialog.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(dialog).toBeHidden();
}

/** Ticks a DSFR checkbox or radio by its label (DSFR draws over the native input). */
export async function tick(scope: Page | ReturnType<Page['locator']>, label: string | RegExp): Promise<void> {
	await scope.locator('label', { hasText: label }).first().click();
}

/** « Aller au » a date in the agenda. */
export async function gotoDate(page: Page, date: LocalDate): Promise<void> {
	await page.getByLabel('Aller au').fill(date);
	await page.getByLabel('Aller au').dispatchEvent('change');
}

export const SYNCED = /^Synchronisé à \d\d:\d\d$/;

/**
 * Each worker has its own server (its own embedded database, seeded like a first `npm start`), so
 * that two workers never write over each other's demo data. The « two-servers » project runs its
 * tests through two servers on one PostgreSQL behind a round-robin proxy (E2E_DATABASE_URL).
 */
export const test = base.extend<object, { server: Topology }>({
	server: [
		async ({}, use, workerInfo) => {
			const postgres = process.env.E2E_DATABASE_URL;
			const topology = workerInfo.project.name === 'two-servers' && postgres ? await twoServers(postgres) : await singleServer();
			await use(topology);
			await topology.stop();
			// Behind the proxy, each server must have answered its share: the journeys went through both.
			if (topology.served.length > 1 && topology.served.some((n) => n < 50)) throw new Error(`un serveur n’a presque rien servi : ${topology.served.join(' / ')} requêtes`);
		},
		{ scope: 'worker', timeout: 180_000 }
	],
	baseURL: async ({ server }, use) => {
		await use(server.url);
	}
});
export { expect };

/** What axe finds against WCAG 2.1 A and AA on the page as it is now, one line per rule broken. */
export async function violations(page: Page): Promise<string[]> {
	const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

/** Controls and badges whose text is cut (wider than their box): none should be. */
export function clippedControls(page: Page): Promise<string[]> {
	return page.evaluate(() =>
		[...document.querySelectorAll('button, a.fr-btn, .fr-badge, .fr-tag')]
			.filter((e) => (e as HTMLElement).offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
			.map((e) => `${e.tagName.toLowerCase()} « ${e.textContent?.trim()} » ${e.scrollWidth}/${e.clientWidth}`)
	);
}

/**
 * Controls a finger cannot hit: smaller than 44 × 44 px (WCAG 2.5.5). A link inside running text
 * (a sentence around it) is exempt, as WCAG allows — but never a phone number, which is what a
 * regulator taps; a DSFR checkbox or radio is hit through its label, and a link in an
 * `fr-enlarge-link` block through the whole block: those are what is measured, with the calendar's
 * half-hour rows that a tap picks.
 */
export function smallTargets(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const controls = [...document.querySelectorAll<HTMLElement>('button, a[href], select, input, textarea, summary, [role="button"], [role="tab"], .agenda-slot-lane')];
		const measured = controls.map((element) => {
			if (element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')) {
				return (element.labels?.[0] as HTMLElement | undefined) ?? element;
			}
			return element.closest<HTMLElement>('.fr-enlarge-link') ?? element;
		});
		return [...new Set(measured)]
			.filter((element) => {
				if (element.offsetParent === null && getComputedStyle(element).position !== 'fixed') return false;
				if (element instanceof HTMLInputElement && element.type === 'hidden') return false;
				if (element.tagName === 'A' && !element.getAttribute('href')?.startsWith('tel:') && getComputedStyle(element).display === 'inline') {
					// Running text: the block around the link says more than the link itself.
					const block = element.closest('p, li, td, dd, .fr-alert');
					const around = (block?.textContent ?? '').replace(/\s+/g, '').length - (element.textContent ?? '').replace(/\s+/g, '').length;
					if (block && around > 2) return false;
				}
				if (element.classList.contains('agenda-slot-lane')) return element.getBoundingClientRect().height < 43.5;
				const box = element.getBoundingClientRect();
				if (box.width === 0 && box.height === 0) return false;
				return box.height < 43.5 || box.width < 43.5;
			})
			.map((element) => {
				const box = element.getBoundingClientRect();
				const name = (element.getAttribute('aria-label') ?? element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
				return `${element.tagName.toLowerCase()}${element.className ? '.' + String(element.className).split(' ')[0] : ''} « ${name} » ${Math.round(box.width)}×${Math.round(box.height)}`;
			});
	});
}
