import { isCrossSiteWrite, WriteOrigin } from './cross-site.policy';

const base: WriteOrigin = { method: 'POST', viaCookie: true, self: 'http://localhost:3000' };

describe('isCrossSiteWrite: a cookie-carried write from another site is refused', () => {
  it.each<[string, Partial<WriteOrigin>, boolean]>([
    ['the console itself (same origin)', { origin: 'http://localhost:3000', secFetchSite: 'same-origin' }, false],
    ['another site posting a form with the cookie', { origin: 'http://127.0.0.1:4000', secFetchSite: 'cross-site' }, true],
    ['a sibling site of the same domain', { origin: 'http://evil.localhost:3000', secFetchSite: 'same-site' }, true],
    ['an old browser: Origin only, another site', { origin: 'https://attacker.example' }, true],
    ['an old browser: Origin only, same origin, other case', { origin: 'HTTP://LOCALHOST:3000' }, false],
    ['no browser headers at all (curl with a cookie)', {}, false],
    ['a bearer token from another origin (an API client states its session)', { viaCookie: false, origin: 'https://tool.example' }, false],
    ['a GET from another site (reads change nothing)', { method: 'GET', origin: 'https://attacker.example', secFetchSite: 'cross-site' }, false],
    ['a DELETE from another site', { method: 'DELETE', secFetchSite: 'cross-site' }, true],
    ['a user typing the address (Sec-Fetch-Site none)', { secFetchSite: 'none' }, false],
  ])('%s', (_name, patch, expected) => {
    expect(isCrossSiteWrite({ ...base, ...patch })).toBe(expected);
  });
});
