/** Prints how long the first weekly check of 10,000 generated doctors takes in this fresh process (ms). */
import { weeklyCheck } from '../src/lib/domain/weekly-check';
import { generate, WEEKS } from './weekly-check.bench';

const data = generate();
const started = performance.now();
let total = 0;
for (const d of data) for (const week of weeklyCheck({ availabilities: d.availabilities, unavailabilities: d.unavailabilities, timeZone: d.zone, weeks: WEEKS })) total += week.minutes;
const elapsed = performance.now() - started;
if (total < 0) throw new Error('unreachable');
console.log(elapsed.toFixed(1));
