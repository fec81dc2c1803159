import { PurgeCSS } from 'purgecss';
import type { Plugin } from 'vite';

/**
 * DSFR ships every component, utility and colour of the State's design system in one stylesheet
 * (75 KB gzip, 716 KB raw); a page of this app uses a fifth of it. In the production build the
 * stylesheet keeps only the rules whose classes, ids and attributes appear in the app's sources,
 * and its fonts only in WOFF2 (every browser that runs the app reads it): the WOFF files would
 * otherwise be emitted and precached beside them.
 *
 * Class names are found as plain words in the sources, so a class built by concatenation
 * (`fr-badge--${kind}`) would be lost: write class names whole, or add them to SAFELIST.
 */
const SOURCES = ['src/**/*.svelte', 'src/**/*.ts', 'src/app.html'];
/** Classes set by JavaScript or by state rather than written in the sources. */
const SAFELIST = { standard: [/^fr-btn--close$/, /^fr-modal--opened$/], greedy: [/data-fr-/] };

export async function purgeDsfr(css: string, sources = SOURCES): Promise<string> {
	const [result] = await new PurgeCSS().purge({
		content: sources,
		css: [{ raw: css }],
		variables: true,
		keyframes: true,
		fontFace: true,
		safelist: SAFELIST,
		defaultExtractor: (content) => content.match(/[A-Za-z0-9_-]+/g) ?? []
	});
	return withoutWoff(result!.css);
}

/** `url(x.woff2) format("woff2"),url(x.woff) format("woff")` → the WOFF2 source alone. */
export function withoutWoff(css: string): string {
	return css.replace(/,\s*url\([^)]*\.woff\)\s*format\(["']woff["']\)/g, '');
}

export function dsfrCss(): Plugin {
	return {
		name: 'agenda-sas:dsfr-css',
		enforce: 'pre',
		apply: 'build',
		async transform(code, id) {
			if (!/@gouvfr\/dsfr\/dist\/dsfr(\.main)?\.min\.css$/.test(id.split('?')[0]!)) return null;
			return { code: await purgeDsfr(code), map: null };
		}
	};
}
