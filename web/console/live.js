// The live channel: socket.io (its browser client is served by the app itself),
// authenticated by the session cookie. Socket.io delivers at most once, so on
// every (re)connection the page reloads its state from the API.
import { io } from '/socket.io/socket.io.esm.min.js';

let socket = null;
const statusListeners = new Set();

function setStatus(state, text) {
  const el = document.getElementById('connection');
  if (el) {
    el.hidden = state === 'connected';
    el.textContent = text;
    el.dataset.state = state;
  }
  for (const fn of statusListeners) fn(state);
}

function connection() {
  if (socket) return socket;
  socket = io({ transports: ['websocket', 'polling'], reconnectionDelayMax: 5000 });
  socket.on('connect', () => setStatus('connected', 'Connecté en direct'));
  socket.on('disconnect', () => setStatus('disconnected', 'Connexion perdue : reconnexion en cours… Les informations affichées peuvent être en retard.'));
  socket.on('connect_error', (err) => {
    const refused = err?.data?.error === 'session_required';
    setStatus('disconnected', refused ? 'Session terminée : reconnectez-vous.' : 'Connexion en direct impossible : nouvel essai en cours…');
  });
  return socket;
}

/** `fn(state)` at each change of the live channel: 'connected' or 'disconnected'. Returns a function that stops. */
export function onLiveStatus(fn) {
  statusListeners.add(fn);
  return () => statusListeners.delete(fn);
}

/** Closes the live channel (logout). */
export function closeLive() {
  socket?.disconnect();
  socket = null;
}

/**
 * Follows one major event: `onEvent(type, payload)` for each live event of its
 * room, `reload()` at each (re)connection. Returns a function that stops following.
 */
export function followEvent(eventId, { onEvent, reload }) {
  const s = connection();
  // Reload after the room is joined: nothing that happens in between is missed.
  const join = () => {
    s.emit('join', { eventId }, (ack) => {
      if (!ack?.ok) setStatus('disconnected', `Suivi en direct refusé : ${ack?.message ?? 'raison inconnue'}`);
      reload();
    });
  };
  const relay = (type, payload) => {
    if (payload?.eventId === eventId) onEvent(type, payload);
  };
  s.on('connect', join);
  s.onAny(relay);
  // Without a connection yet, show the state now; the connection reloads it again.
  if (s.connected) join();
  else reload();
  return () => {
    s.off('connect', join);
    s.offAny(relay);
    if (s.connected) s.emit('leave', { eventId });
  };
}
