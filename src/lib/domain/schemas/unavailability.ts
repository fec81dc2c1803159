import { z } from '../zod';
import { tryParseInstant } from '../time';
import { idSchema, instantSchema, timeZoneSchema } from './common';

/** An indisponibilité: occurrences inside it are hidden from regulation; the agenda returns by itself at its end. */
export const unavailabilityFields = z.object({
	id: idSchema,
	practitionerId: idSchema,
	/** null: every address of the practitioner. */
	addressId: idSchema.nullable(),
	startsAt: instantSchema,
	/** null: "Dès maintenant pour une durée indéterminée" (or from a date, with no end). */
	endsAt: instantSchema.nullable(),
	/** The zone its dates were entered in, for display. */
	timeZone: timeZoneSchema
});

export type Unavailability = z.infer<typeof unavailabilityFields>;

export const unavailabilitySchema = unavailabilityFields.superRefine((u, ctx) => {
	if (u.endsAt !== null && tryParseInstant(u.endsAt) <= tryParseInstant(u.startsAt)) {
		ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'La fin de l’indisponibilité doit être après son début' });
	}
});
