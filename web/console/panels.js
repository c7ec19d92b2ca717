// The panels of the event page that belong to later work. Each panel is
// { id, title, mount(section, page) → { onLive(type, payload), reload() } }:
// the event page mounts them in order, forwards them the live events of the
// event and calls reload() whenever it reloads its own state (after a reconnection).
import { h } from './dom.js';

function placeholder(id, title, text) {
  return {
    id,
    title,
    mount(section) {
      section.append(h('p', { class: 'placeholder' }, text));
      return { onLive() {}, reload() {} };
    },
  };
}

export const PANELS = [
  // Cell panel: who was paged, who acknowledged, escalations (live type cell.changed).
  placeholder('cell', 'Cellule de communication', 'Le suivi de la cellule (appels, acquittements, escalades) sera affiché ici.'),
  // Messages: compose from a template, preview, approve, dispatch.
  placeholder('messages', 'Messages', 'La rédaction des messages (modèle, aperçu, validation, envoi) sera disponible ici.'),
  // Deliveries per audience and channel, with live progress (live type delivery.changed).
  placeholder('deliveries', 'Diffusions', 'L’avancement des envois par public et par canal sera affiché ici.'),
];
