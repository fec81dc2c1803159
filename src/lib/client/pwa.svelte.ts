import { Workbox } from 'workbox-window';
import { dev } from '$app/environment';

/** What the update banner shows: a new version waits until the user chooses to reload. */
class PwaState {
	updateWaiting = $state(false);
	/** A newer version took over this tab (activated from another tab): reload when convenient. */
	updatedElsewhere = $state(false);
	controlled = $state(false);
	private workbox: Workbox | null = null;
	private reloading = false;

	register(): void {
		if (this.workbox || dev || !('serviceWorker' in navigator)) return;
		const wb = new Workbox('/service-worker.js');
		wb.addEventListener('waiting', () => (this.updateWaiting = true));
		wb.addEventListener('controlling', (event) => {
			this.controlled = true;
			if (this.reloading) window.location.reload();
			else if (event.isUpdate) this.updatedElsewhere = true;
		});
		this.controlled = navigator.serviceWorker.controller !== null;
		this.workbox = wb;
		void wb.register();
	}

	/** Activates the waiting version and reloads this tab once it controls it. */
	applyUpdate(): void {
		if (!this.workbox) return;
		this.reloading = true;
		this.workbox.messageSkipWaiting();
	}

	/** Looks for a new version; called after navigations, as long-lived tabs otherwise never check. */
	checkForUpdate(): void {
		void this.workbox?.update().catch(() => undefined);
	}
}

export const pwa = new PwaState();
