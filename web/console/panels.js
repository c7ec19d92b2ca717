// The panels of the event page. Each panel is
// { id, title, mount(section, { eventId, ctx }) → { onLive(type, payload), reload() } }:
// the event page mounts them in order, forwards them the live events of the
// event and calls reload() whenever it reloads its own state (after a reconnection).
import { cellPanel } from './cell-panel.js';
import { deliveriesPanel } from './deliveries-panel.js';
import { messagesPanel } from './messages-panel.js';
import { retexPanel } from './retex-panel.js';

export const PANELS = [cellPanel, messagesPanel, deliveriesPanel, retexPanel];
