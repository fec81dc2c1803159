// Loaded by app.html before anything else: Chromium may offer the installation (beforeinstallprompt)
// before the app's own code runs, and an offer nobody heard is lost until the next visit. It is kept
// here for src/lib/client/install.svelte.ts to take.
window.addEventListener('beforeinstallprompt', function (event) {
	event.preventDefault();
	window.__installOffer = event;
});
