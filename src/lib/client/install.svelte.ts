import { browser } from '$app/environment';

interface InstallPromptEvent extends Event {
	prompt(): Promise<void>;
	userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

const HINT_DISMISSED = 'agenda-sas:ios-hint-dismissed';

/** "Installer l'application": the browser's offer when it makes one, a hint on iPhone and iPad. */
class InstallState {
	offer = $state<InstallPromptEvent | null>(null);
	installed = $state(false);
	iosHint = $state(false);

	listen(): void {
		if (!browser) return;
		// An offer made before this code ran was kept by static/install-offer.js.
		const early = window as { __installOffer?: InstallPromptEvent };
		if (early.__installOffer) this.offer = early.__installOffer;
		window.addEventListener('beforeinstallprompt', (event) => {
			event.preventDefault();
			this.offer = event as InstallPromptEvent;
		});
		window.addEventListener('appinstalled', () => {
			this.installed = true;
			this.offer = null;
		});
		const standalone = window.matchMedia('(display-mode: standalone)').matches || (navigator as { standalone?: boolean }).standalone === true;
		const ios = /iphone|ipad|ipod/i.test(navigator.userAgent);
		this.iosHint = ios && !standalone && localStorage.getItem(HINT_DISMISSED) === null;
	}

	async install(): Promise<void> {
		const offer = this.offer;
		if (!offer) return;
		await offer.prompt();
		const choice = await offer.userChoice;
		if (choice.outcome === 'accepted') this.installed = true;
		this.offer = null;
	}

	dismissHint(): void {
		localStorage.setItem(HINT_DISMISSED, '1');
		this.iosHint = false;
	}
}

export const install = new InstallState();
