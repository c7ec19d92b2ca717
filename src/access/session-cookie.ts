/** The console's HTTP-only session cookie: set by the auth module, read by every way in (HTTP guard, socket.io handshake). */
export const SESSION_COOKIE = 'crisis_session';
