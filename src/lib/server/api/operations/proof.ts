import { DASHBOARD_TABLES, periodIssue } from '$lib/domain/dashboard';
import { idSchema, localDateSchema } from '$lib/domain/schemas';
import { normalizeCode, QUARTER_PATTERN, verificationCodeProblem, VERIFICATION_CODE_PATTERN } from '$lib/domain/weekly-records';
import { z } from '$lib/domain/zod';
import { operation } from '../operation';

const idParams = z.object({ id: idSchema });

const recordSchema = z.object({
	weekStart: z.string(),
	minutes: z.number(),
	status: z.enum(['ok', 'short', 'leave', 'software']),
	clockChange: z.boolean(),
	minutesByKind: z.record(z.string(), z.number()),
	minutesByPlace: z.array(z.object({ addressId: z.string(), label: z.string(), minutes: z.number() })),
	unavailableMinutes: z.number(),
	unavailableIndefinite: z.boolean(),
	source: z.enum(['agenda', 'software']),
	recordedAt: z.string().nullable(),
	rpps: z.string(),
	practitionerName: z.string(),
	structureName: z.string().nullable()
});

export const getWeeklyRecords = operation({
	operationId: 'getWeeklyRecords',
	method: 'get',
	path: '/api/practitioners/{id}/weekly-records',
	summary: '« Mes heures SAS » : les semaines enregistrées à leur clôture (elles ne changent plus) et la semaine en cours, chiffres du moment',
	tags: ['Preuve des heures'],
	auth: true,
	params: idParams,
	response: z.object({
		practitioner: z.object({ id: idSchema, name: z.string(), rpps: z.string(), structureName: z.string().nullable() }),
		timeZone: z.string(),
		current: recordSchema,
		records: z.array(recordSchema)
	}),
	errors: [401, 403, 404]
});

export const exportWeeklyRecords = operation({
	operationId: 'exportWeeklyRecords',
	method: 'get',
	path: '/api/practitioners/{id}/weekly-records.csv',
	summary: 'Les semaines enregistrées en CSV pour Excel (séparateur « ; », UTF-8 avec BOM), la semaine en cours en dernière ligne',
	tags: ['Preuve des heures'],
	auth: true,
	params: idParams,
	produces: 'text/csv',
	errors: [401, 403, 404]
});

export const getProofPdf = operation({
	operationId: 'getProofPdf',
	method: 'get',
	path: '/api/practitioners/{id}/proof.pdf',
	summary:
		'L’attestation d’un trimestre en PDF (une page) : nom, RPPS, structure, heures visibles et statut de chaque semaine enregistrée, date d’enregistrement et code de vérification (le même code tant que les semaines sont les mêmes)',
	tags: ['Preuve des heures'],
	auth: true,
	params: idParams,
	query: z.object({ quarter: z.string().regex(QUARTER_PATTERN, { error: 'Trimestre invalide : attendu AAAA-T1 à AAAA-T4' }) }),
	produces: 'application/pdf',
	errors: [401, 403, 404, 422]
});

export const verifyProof = operation({
	operationId: 'verifyProof',
	method: 'get',
	path: '/api/verification/{code}',
	summary: 'Vérifier une attestation sans compte : les mêmes chiffres que le PDF, rien d’autre ; limité par adresse réseau (429 avec Retry-After)',
	tags: ['Preuve des heures'],
	auth: false,
	params: z.object({
		code: z
			.string()
			.superRefine((s, ctx) => {
				const problem = verificationCodeProblem(s);
				if (problem) ctx.addIssue({ code: 'custom', message: problem });
			})
			.transform(normalizeCode)
			.pipe(z.string().regex(VERIFICATION_CODE_PATTERN))
	}),
	response: z.object({
		code: z.string(),
		quarter: z.string(),
		issuedAt: z.string(),
		practitioner: z.object({ name: z.string(), rpps: z.string(), structureName: z.string().nullable() }),
		weeks: z.array(z.object({ weekStart: z.string(), minutes: z.number(), status: z.enum(['ok', 'short', 'leave', 'software']), recordedAt: z.string() }))
	}),
	errors: [404, 422, 429]
});

/** A period of weeks: both ends given as dates, at most 53 weeks, the start before the end. */
export const periodSchema = z
	.object({ from: localDateSchema, to: localDateSchema })
	.superRefine((p, ctx) => {
		const issue = periodIssue(p.from, p.to);
		if (issue) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
	});

export const exportStructureRecords = operation({
	operationId: 'exportStructureRecords',
	method: 'get',
	path: '/api/structures/{id}/weekly-records.csv',
	summary: 'Les semaines enregistrées des membres de la structure sur une période, pour son dossier de paiement (CSV pour Excel)',
	tags: ['Preuve des heures'],
	auth: true,
	params: idParams,
	query: periodSchema,
	produces: 'text/csv',
	errors: [401, 403, 404, 422]
});

export const getStructureRecordsPdf = operation({
	operationId: 'getStructureRecordsPdf',
	method: 'get',
	path: '/api/structures/{id}/weekly-records.pdf',
	summary: 'La synthèse PDF de la période : une ligne par membre (semaines enregistrées, semaines à 2 h et plus, heures visibles)',
	tags: ['Preuve des heures'],
	auth: true,
	params: idParams,
	query: periodSchema,
	produces: 'application/pdf',
	errors: [401, 403, 404, 422]
});

const dashboardQuery = z
	.object({
		from: localDateSchema.optional(),
		to: localDateSchema.optional(),
		departement: z.string().regex(/^(\d{2}|2[AB]|9[78]\d)$/, { error: 'Département invalide (84, 2A, 974…)' }).optional(),
		structureId: idSchema.optional()
	})
	.superRefine((q, ctx) => {
		if (q.from && q.to) {
			const period = periodSchema.safeParse({ from: q.from, to: q.to });
			if (!period.success) for (const issue of period.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
		}
	});

const weekCounts = z.array(z.object({ week: z.string(), counts: z.record(z.string(), z.number()), total: z.number() }));

export const getDashboard = operation({
	operationId: 'getDashboard',
	method: 'get',
	path: '/api/dashboard',
	summary:
		'Tableau de bord (territoire, ou structures) : orientations par statut et par type, déclarations des régulateurs par motif, indisponibilités déclarées par les effecteurs, part des effecteurs atteignant 2 h par semaine — lu dans les agrégats hebdomadaires',
	tags: ['Tableaux de bord'],
	auth: true,
	query: dashboardQuery,
	response: z.object({
		from: z.string(),
		to: z.string(),
		weeks: z.array(z.string()),
		scope: z.object({ label: z.string(), departement: z.string().nullable(), structureId: z.string().nullable() }),
		structures: z.array(z.object({ id: z.string(), name: z.string() })),
		orientationsByStatus: weekCounts,
		orientationsByKind: weekCounts,
		declarations: weekCounts,
		unavailabilities: z.array(z.object({ kind: z.enum(['temporary', 'indefinite']), past: z.number(), ongoing: z.number(), upcoming: z.number() })),
		target: z.array(z.object({ week: z.string(), participants: z.number(), ok: z.number(), short: z.number(), leave: z.number(), software: z.number(), share: z.number().nullable() }))
	}),
	errors: [401, 403, 404, 422]
});

export const exportDashboard = operation({
	operationId: 'exportDashboard',
	method: 'get',
	path: '/api/dashboard.csv',
	summary: 'Un tableau du tableau de bord en CSV pour Excel, mêmes colonnes qu’à l’écran',
	tags: ['Tableaux de bord'],
	auth: true,
	query: dashboardQuery.and(z.object({ table: z.enum(Object.keys(DASHBOARD_TABLES) as [keyof typeof DASHBOARD_TABLES], { error: 'Tableau inconnu' }) })),
	produces: 'text/csv',
	errors: [401, 403, 404, 422]
});
