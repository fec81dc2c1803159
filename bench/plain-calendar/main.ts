/**
 * The yardstick of the agenda's first paint (bench « calendar »): FullCalendar 7 alone, its week
 * view and the same plugins and theme as the app, the events written in the page — no sign-in,
 * no store, no rules. The app's /agenda is compared with it.
 */
import { Calendar } from 'fullcalendar';
import interactionPlugin from 'fullcalendar/interaction';
import listPlugin from 'fullcalendar/list';
import frLocale from 'fullcalendar/locales/fr';
import classicTheme from 'fullcalendar/themes/classic';
import timeGridPlugin from 'fullcalendar/timegrid';
import 'fullcalendar/skeleton.css';
import 'fullcalendar/themes/classic/theme.css';
import 'fullcalendar/themes/classic/palette.css';

const monday = new Date();
monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
const day = (offset: number) => new Date(monday.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
// Two slots a weekday, as the demo doctor's week.
const events = [0, 1, 2, 3, 4].flatMap((d) => [
	{ title: 'Cabinet · 2 à 4 patients', start: `${day(d)}T08:00:00`, end: `${day(d)}T12:00:00`, className: 'occurrence' },
	{ title: 'Cabinet · 2 à 4 patients', start: `${day(d)}T14:00:00`, end: `${day(d)}T18:00:00`, className: 'occurrence' }
]);

new Calendar(document.getElementById('calendar')!, {
	plugins: [timeGridPlugin, listPlugin, interactionPlugin, classicTheme],
	locale: frLocale,
	timeZone: 'UTC',
	initialView: 'timeGridWeek',
	firstDay: 1,
	allDaySlot: false,
	slotMinTime: '06:00:00',
	height: 'auto',
	events
}).render();
