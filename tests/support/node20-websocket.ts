// @medplum/core reads the global WebSocket when it loads (its subscriptions client); Node 20 has
// none. Validation never opens a socket: a placeholder is enough.
(globalThis as { WebSocket?: unknown }).WebSocket ??= class WebSocketUnavailable {};
