import { v5 as uuidv5 } from 'uuid';
import { luhnCheckDigit } from './domain/ids';

/** Demo rows get ids derived from their names, so that links survive `npm run seed`. */
const NAMESPACE = '3b0f5a52-1f0e-4c4e-9d39-6a3a3f6d9c01';
export const demoId = (key: string) => uuidv5(key, NAMESPACE);

/** The demo doctor the first page shows: manual agenda, via the CPTS du Comtat Venaissin. */
export const DEMO_PRACTITIONER_ID = demoId('doctor:Claire Aubert');

/** The RPPS of the demo doctor at `index` in the seed's list: valid check digit, fictional number. */
export function demoRpps(index: number): string {
	const body = `10${String(10_234_567 + index * 7_919).padStart(8, '0')}`;
	return body + luhnCheckDigit(body);
}
