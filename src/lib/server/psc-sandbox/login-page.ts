/** The sandbox's sign-in page: a plain, accessible HTML form in the spirit of Pro Santé Connect. */

export interface LoginPageInput {
	action: string;
	abort: string;
	values: { rpps: string; lastName: string; firstName: string };
	errors: Partial<Record<'rpps' | 'lastName' | 'firstName', string>>;
	demoDoctors: { rpps: string; name: string }[];
}

const escape = (text: string) =>
	text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function field(name: 'rpps' | 'lastName' | 'firstName', label: string, input: LoginPageInput, attributes: string): string {
	const error = input.errors[name];
	return `
		<div class="field${error ? ' field--error' : ''}">
			<label for="${name}">${label}</label>
			<input id="${name}" name="${name}" value="${escape(input.values[name])}" ${attributes}
				${error ? `aria-invalid="true" aria-describedby="${name}-error"` : ''} required>
			${error ? `<p class="error" id="${name}-error">${escape(error)}</p>` : ''}
		</div>`;
}

export function loginPage(input: LoginPageInput): string {
	const demo = input.demoDoctors.length
		? `<details class="demo"><summary>Médecins de démonstration</summary><ul>${input.demoDoctors
				.map((d) => `<li>${escape(d.name)} — RPPS <code>${d.rpps}</code></li>`)
				.join('')}</ul></details>`
		: '';
	return `<!doctype html>
<html lang="fr">
<head>
	<meta charset="utf-8">
	<meta name="viewport" content="width=device-width, initial-scale=1">
	<title>Pro Santé Connect (bac à sable) — Connexion</title>
	<style>
		body { font-family: Marianne, Arial, sans-serif; margin: 0; background: #f6f6f6; color: #161616; }
		header { background: #000091; color: #fff; padding: 1rem 1.5rem; }
		header p { margin: 0.25rem 0 0; }
		main { max-width: 28rem; margin: 2rem auto; background: #fff; padding: 1.5rem 2rem 2rem; border: 1px solid #ddd; }
		h1 { font-size: 1.5rem; }
		.field { margin-bottom: 1.25rem; }
		label { display: block; font-weight: 700; margin-bottom: 0.25rem; }
		input { width: 100%; box-sizing: border-box; font-size: 1rem; padding: 0.5rem; border: 0; border-bottom: 2px solid #3a3a3a; background: #eee; }
		.field--error input { border-bottom-color: #ce0500; }
		.error { color: #ce0500; margin: 0.25rem 0 0; }
		button { background: #000091; color: #fff; border: 0; font-size: 1rem; padding: 0.75rem 1.5rem; cursor: pointer; }
		a { color: #000091; }
		.demo { margin-top: 1.5rem; }
		.hint { color: #3a3a3a; }
	</style>
</head>
<body>
	<header>
		<strong>Pro Santé Connect</strong>
		<p>Bac à sable local d’Agenda SAS — aucune carte CPS n’est demandée</p>
	</header>
	<main>
		<h1>Connexion</h1>
		<p class="hint">Saisissez l’identité que Pro Santé Connect transmettrait pour ce médecin. Tout identifiant RPPS valide est accepté.</p>
		<form method="post" action="${escape(input.action)}" novalidate>
			${field('rpps', 'Identifiant RPPS', input, 'inputmode="numeric" autocomplete="off" maxlength="11" pattern="[0-9]{11}"')}
			${field('lastName', 'Nom', input, 'autocomplete="family-name" maxlength="100"')}
			${field('firstName', 'Prénom', input, 'autocomplete="given-name" maxlength="100"')}
			<button type="submit">Se connecter</button>
		</form>
		<p><a href="${escape(input.abort)}">Annuler et revenir à Agenda SAS</a></p>
		${demo}
	</main>
</body>
</html>`;
}
