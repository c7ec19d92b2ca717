// The console talks to the same API as every other client, with the session cookie.
import { errorMessage } from './labels.js';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let onSessionLost = () => {};
export function whenSessionLost(fn) {
  onSessionLost = fn;
}

export async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', 'Le serveur ne répond pas. Vérifiez la connexion et réessayez.');
  }
  const text = await res.text();
  const data = text ? safeJson(text) : null;
  if (res.ok) return data;
  const err = new ApiError(res.status, data?.error ?? 'error', errorMessage(res.status, data?.error, data?.message, data?.details));
  if (res.status === 401 && path !== '/api/auth/login') onSessionLost(err);
  throw err;
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * A GET that also measures how far this device's clock is from the server's:
 * countdowns are computed here, against the server's time (the database clock).
 */
export async function getWithServerOffset(path, serverNowOf) {
  const sent = Date.now();
  const data = await api('GET', path);
  const received = Date.now();
  const serverNow = Date.parse(serverNowOf(data));
  const offsetMs = Number.isNaN(serverNow) ? 0 : serverNow - (sent + received) / 2;
  return { data, offsetMs };
}
