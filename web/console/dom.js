// A tiny element builder: the console is small enough to need no framework.

/**
 * h('p', { class: 'x', onclick: fn }, 'text', child) → an element.
 * Attributes set to false, null or undefined are left out; text is never parsed as HTML.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

let fieldCounter = 0;

/** A labelled form field; `hint` is read by screen readers after the label. */
export function field(label, input, hint) {
  const id = input.id || `f${++fieldCounter}`;
  input.id = id;
  const children = [h('label', { for: id }, label)];
  if (hint) {
    const hintId = `${id}-hint`;
    input.setAttribute('aria-describedby', hintId);
    children.push(h('p', { class: 'hint', id: hintId }, hint));
  }
  children.push(input);
  return h('div', { class: 'field' }, children);
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
