import { z } from '../zod';
import { idSchema } from './common';

export const COMPLEMENTARY_INFO_MAX = 1000;

/** "Informations complémentaires": free text shown to regulators. */
export const complementaryInfoSchema = z.object({
	id: idSchema,
	practitionerId: idSchema,
	text: z
		.string()
		.trim()
		.max(COMPLEMENTARY_INFO_MAX, { error: `${COMPLEMENTARY_INFO_MAX} caractères au plus` })
});

export type ComplementaryInfo = z.infer<typeof complementaryInfoSchema>;
