/**
 * Work a server does in the background, over and over: one pass at a time (a pass still running
 * when the next is due is not doubled), a failure logged and tried again at the next pass, the
 * timers never keeping the process alive.
 */
export interface Background {
	/** A pass now, unless one is running. */
	now(): void;
	/** Whether stop() was called: a long pass checks it between steps. */
	readonly stopped: boolean;
	stop(): void;
}

export function repeatInBackground(what: string, pass: (self: Background) => Promise<unknown>, options: { everyMs: number; firstAfterMs?: number }): Background {
	let running = false;
	let stopped = false;
	const self: Background = {
		now: () => void run(),
		get stopped() {
			return stopped;
		},
		stop() {
			stopped = true;
			clearTimeout(first);
			clearInterval(timer);
		}
	};
	async function run() {
		if (running || stopped) return;
		running = true;
		try {
			await pass(self);
		} catch (error) {
			console.error(`[agenda-sas] ${what} :`, (error as Error).message);
		} finally {
			running = false;
		}
	}
	const first = setTimeout(() => void run(), options.firstAfterMs ?? 0);
	first.unref();
	const timer = setInterval(() => void run(), options.everyMs);
	timer.unref();
	return self;
}
