// A banner on the events page when the periodic credential check found a live
// channel whose provider refuses its credential (from /api/health): seen before
// the next crisis, not in the middle of it. Shown to every role; the text says
// it all (the colour is only a help).
import { api } from './api.js';
import { h } from './dom.js';

export function channelWarningsBanner() {
  const banner = h('section', { class: 'channel-warnings fr-alert fr-alert--error fr-mb-3w', 'data-block': 'channel-warnings', role: 'alert', hidden: true });
  load(banner).catch(() => undefined); // no health answer: nothing to say here, the server's own errors show elsewhere
  return banner;
}

async function load(banner) {
  const health = await api('GET', '/api/health');
  const warnings = (health?.warnings ?? []).filter((w) => w.code === 'channel_credentials_refused');
  if (!warnings.length) return;
  banner.replaceChildren(
    h('h2', { class: 'fr-alert__title' }, 'Attention : identifiants refusés'),
    h(
      'ul',
      {},
      warnings.map((w) => h('li', { 'data-channel': w.channel, 'data-account': w.account }, w.message)),
    ),
  );
  banner.hidden = false;
}
