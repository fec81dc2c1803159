import { z } from '../zod';
import { idSchema, textSchema } from './common';

export const COMPLEMENTARY_INFO_MAX = 1000;

/** "Informations complémentaires": free text shown to regulators. */
export const complementaryInfoSchema = z.object({
	id: idSchema,
	practitionerId: idSchema,
	text: textSchema({ max: COMPLEMENTARY_INFO_MAX, multiline: true })
});

export type ComplementaryInfo = z.infer<typeof complementaryInfoSchema>;
