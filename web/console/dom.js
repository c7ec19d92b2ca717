// A tiny element builder: the console is small enough to need no framework.

/**
 * h('p', { class: 'x', onclick: fn }, 'text', child) → an element.
 * Attributes set to false, null or undefined are left out; text is never parsed as HTML.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  const designClass = DESIGN_CLASSES[tag]?.(attrs ?? {});
  if (designClass) el.className = designClass;
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (k === 'class' && designClass) {
      if (v) el.classList.add(...String(v).split(/\s+/).filter(Boolean));
      continue;
    }
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

// The design system's (DSFR) classes for the controls every view builds, given in one place so that no view repeats
// them: a primary button stays `primary`, a text-like button `link-button`, a small one `sm` (or `small`); the view's own classes stay.
const DESIGN_CLASSES = {
  button: (a) => {
    const own = String(a.class ?? '');
    const kind = /\bprimary\b/.test(own) ? '' : /\blink-button\b/.test(own) ? ' fr-btn--tertiary-no-outline' : ' fr-btn--secondary';
    return `fr-btn${kind}${/\b(sm|small|link-button)\b/.test(own) ? ' fr-btn--sm' : ''}`;
  },
  input: (a) => (['checkbox', 'radio', 'hidden'].includes(a.type) ? '' : 'fr-input'),
  textarea: () => 'fr-input',
  select: () => 'fr-select',
  // A form's refusal is an alert of the design system; an empty one takes no room (console.css).
  p: (a) => (/\berror\b/.test(String(a.class ?? '')) ? 'fr-alert fr-alert--error fr-alert--sm' : ''),
};

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

let fieldCounter = 0;

/** A labelled form field (DSFR input group); `hint` is read by screen readers after the label. */
export function field(label, input, hint) {
  const id = input.id || `f${++fieldCounter}`;
  input.id = id;
  const children = [h('label', { class: 'fr-label', for: id }, label)];
  if (hint) {
    const hintId = `${id}-hint`;
    input.setAttribute('aria-describedby', hintId);
    children.push(h('p', { class: 'hint fr-hint-text', id: hintId }, hint));
  }
  children.push(input);
  return h('div', { class: `field ${input.tagName === 'SELECT' ? 'fr-select-group' : 'fr-input-group'}` }, children);
}

/**
 * A table in the design system's frame, scrolling sideways when the screen is too narrow for it; its caption stays
 * for screen readers only. The frame that scrolls takes the focus (one Tab stop, named after the caption) so that a
 * keyboard user can scroll it too.
 */
export function dsfrTable(table) {
  const caption = table.querySelector('caption')?.textContent;
  const container = h('div', { class: 'fr-table__container', tabindex: '0', role: 'region', 'aria-label': caption || 'Tableau' }, h('div', { class: 'fr-table__content' }, table));
  return h('div', { class: 'fr-table fr-table--sm fr-table--no-caption' }, h('div', { class: 'fr-table__wrapper' }, container));
}

/** A DSFR badge: `kind` is success, error, warning, info, new or a colour (purple-glycine). */
export function badge(text, kind, attrs = {}) {
  return h('span', { ...attrs, class: `fr-badge fr-badge--sm${kind ? ` fr-badge--${kind}` : ''} ${attrs.class ?? ''}`.trim() }, text);
}

/** Shows why a form was not sent, and puts the cursor where the fix is. */
export function fail(error, input, message) {
  error.textContent = message;
  input.focus();
}

/** Says something to screen-reader users without moving their focus. */
export function announce(text) {
  const el = document.getElementById('announcer');
  if (!el) return;
  el.textContent = '';
  setTimeout(() => (el.textContent = text), 50);
}

/** A value from a datetime-local input (the browser's local time) as ISO-8601, or undefined when empty. */
export function isoFromLocalInput(value) {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
