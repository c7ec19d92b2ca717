import { startTestApp, TestApp } from '../support/test-app';
import { buildWorld, changedTables, fillPath, FuzzWorld, realIdFor, rowCounts, tokenFor } from './fuzz-world';
import { Route, routesOf, sampleOf, Schema, seededRandom, shuffle } from './openapi-routes';

/**
 * Every route of the OpenAPI document, fed what a bad day brings: broken JSON,
 * wrong types, missing and extra fields, 1 MB strings, NUL and lone surrogates,
 * deep nesting, numbers out of range, bad ids in the path, dates in odd ISO
 * forms. A new route is fuzzed without anyone writing a test for it.
 *
 * By default a plan: every route × every kind of bad input, on every field,
 * query parameter and path parameter, once, each time with one value of that
 * kind's list (the values taken in turn from a seeded start, so each value is
 * sent somewhere). `FUZZ_LONG=true` sends every value of every kind instead
 * (thousands of requests), in a seeded order, within `FUZZ_MAX_REQUESTS` and
 * `FUZZ_MAX_SECONDS`. Replay a failure with FUZZ_SEED=<the printed seed>.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const LONG = process.env.FUZZ_LONG === 'true';
const MAX_REQUESTS = Number(process.env.FUZZ_MAX_REQUESTS ?? 6000);
const MAX_MS = Number(process.env.FUZZ_MAX_SECONDS ?? 150) * 1000;

// Left out, with the reason: the fuzz would end its own session.
const SKIPPED = new Set(['POST /api/auth/logout']);
// A refusal that writes by design: a failed login is audited and counted (the rate limit).
const WRITES_WHEN_REFUSED = new Set(['POST /api/auth/login']);

const ODD_DATES = [
  '2026-W48-3',
  '2026-332',
  '20261128T021000Z',
  '2026-11-28',
  '2026-11-28T02:10',
  '2026-02-30T00:00:00Z',
  '+002026-11-28T00:00:00Z',
  '2026-11-28T25:00:00Z',
  '2026-11-28T02:10:00+25:00',
  '0000-00-00T00:00:00Z',
];
const ODD_TEXT = ['a\u0000b', '\ud800', 'x\udc00', '1e400', '99999999999999999999999', '-1', 'NaN', '', ' ', '<script>alert(1)</script>', "' OR 1=1 --"];
const WRONG_TYPES: unknown[] = [12345, -1, 1e308, 2 ** 53 + 1, 1.5, true, {}, [], null, ['x'], { a: { b: 1 } }];
const BAD_IDS = ['not-a-uuid', '00000000-0000-0000-0000-000000000000', '%00', '%F0%9F', '1e400', 'x'.repeat(300), "'%20OR%201=1--", '..%2F..%2Fetc%2Fpasswd'];
const MEGABYTE = 'é'.repeat(512 * 1024);

function nest(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

interface Case {
  route: Route;
  what: string;
  /** The field the case aims at: a 400 must name it. */
  field?: string;
  path?: Record<string, string>;
  query?: Record<string, string | string[]>;
  body?: unknown;
  raw?: string;
}

/** The values of one kind of bad input that a case list uses: all of them (the long run), or one in turn (the plan). */
type Pick = <T>(kind: string, values: readonly T[]) => T[];

const everyValue: Pick = (_kind, values) => [...values];

/** One value per use of a kind, the next one each time, from a seeded start: across the routes every value is sent. */
function inTurn(random: () => number): Pick {
  const next = new Map<string, number>();
  return (kind, values) => {
    const i = next.get(kind) ?? Math.floor(random() * values.length);
    next.set(kind, i + 1);
    return [values[i % values.length]];
  };
}

function casesFor(route: Route, pick: Pick): Case[] {
  const cases: Case[] = [];
  const base = route.body ? (sampleOf(route.body) as Record<string, unknown>) : undefined;
  const props = Object.entries(route.body?.properties ?? {}) as [string, Schema][];
  cases.push({ route, what: 'a plausible request', body: base });
  if (route.body) {
    cases.push({ route, what: 'malformed JSON', raw: '{"title": "Crue' });
    cases.push({ route, what: 'a JSON array instead of an object', raw: '[1,2,3]' });
    cases.push({ route, what: 'an empty object', body: {} });
    cases.push({ route, what: 'an unknown extra field', field: 'unexpectedField', body: { ...base, unexpectedField: 'x' } });
    cases.push({ route, what: 'nesting 5,000 levels deep', raw: nest(5000) });
    for (const [name] of props) {
      const { [name]: _dropped, ...without } = base ?? {};
      cases.push({ route, what: `without ${name}`, body: without });
      cases.push({ route, what: `${name} nested 5,000 levels deep`, field: name, raw: JSON.stringify({ ...base, [name]: 0 }).replace(`"${name}":0`, `"${name}":${nest(5000)}`) });
      cases.push({ route, what: `${name} of 1 MB`, field: name, body: { ...base, [name]: MEGABYTE } });
      for (const v of pick('wrong type', WRONG_TYPES)) cases.push({ route, what: `${name} = ${JSON.stringify(v)}`, field: name, body: { ...base, [name]: v } });
      for (const v of [...pick('odd text', ODD_TEXT), ...pick('odd date', ODD_DATES)]) cases.push({ route, what: `${name} = ${JSON.stringify(v)}`, field: name, body: { ...base, [name]: v } });
      for (const v of pick('unstorable text in a list', ['a\u0000b', '\ud800'])) cases.push({ route, what: `${name} = [${JSON.stringify(v)}]`, field: name, body: { ...base, [name]: [v] } });
    }
  }
  for (const q of route.queryParams) {
    for (const v of [...pick('odd text in a query', ODD_TEXT), ...pick('odd date in a query', ODD_DATES), 'x'.repeat(10_000)]) {
      cases.push({ route, what: `?${q}=${JSON.stringify(v).slice(0, 40)}`, field: q, query: { [q]: v } });
    }
    cases.push({ route, what: `?${q} twice`, field: q, query: { [q]: ['a', 'b'] } });
  }
  for (const p of route.pathParams) for (const v of pick('bad id', BAD_IDS)) cases.push({ route, what: `{${p}} = ${v.slice(0, 40)}`, path: { [p]: v } });
  return cases;
}

describe('the API under generated bad input (fuzz from the OpenAPI document)', () => {
  jest.setTimeout(600_000);
  let t: TestApp;
  let world: FuzzWorld;

  beforeAll(async () => {
    // The worker stays off: a request that dispatched must not change the counts behind the next one's back.
    t = await startTestApp({ DELIVERY_WORKER: 'false', LOGIN_MAX_FAILURES_PER_ADDRESS: '1000', LOGIN_MAX_FAILURES_PER_USER: '1000' });
    world = await buildWorld(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('never answers 5xx; every refusal is a 4xx with a message naming the field, and writes nothing', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    const routes = routesOf(doc).filter((r) => !SKIPPED.has(r.key));
    expect(routes.length).toBeGreaterThan(40);
    const random = seededRandom(SEED);
    const pick = LONG ? everyValue : inTurn(random);
    const all = routes.flatMap((r) => casesFor(r, pick));
    // Every route's plausible request first, then the rest in a seeded order, within the bounds.
    const ordered = [
      ...all.filter((c) => c.what === 'a plausible request'),
      ...shuffle(
        all.filter((c) => c.what !== 'a plausible request'),
        random,
      ),
    ];
    const started = Date.now();
    const failures: string[] = [];
    const serverErrors: string[] = [];
    // The refusal of each route's plausible request: a mutation its validator accepts is refused for the same reason.
    const baseline = new Map<string, string>();
    const statuses: Record<string, number> = {};
    let sent = 0;
    let before = await rowCounts(t);
    for (const c of ordered) {
      if (LONG && (sent >= MAX_REQUESTS || Date.now() - started > MAX_MS)) break;
      const pathValues = Object.fromEntries(c.route.pathParams.map((p) => [p, c.path?.[p] ?? realIdFor(world, c.route.path, p)]));
      const url = fillPath(c.route.path, pathValues);
      let req = t.http()[c.route.method.toLowerCase() as 'get'](url);
      const token = tokenFor(world, c.route);
      if (token) req = req.set('Authorization', `Bearer ${token}`);
      if (c.query) req = req.query(c.query);
      if (c.raw !== undefined) req = req.set('Content-Type', 'application/json').send(c.raw);
      else if (c.body !== undefined && c.route.bodyIsJson) req = req.send(c.body as object);
      const res = await req;
      sent++;
      const bucket = `${Math.floor(res.status / 100)}xx`;
      statuses[bucket] = (statuses[bucket] ?? 0) + 1;
      const replay = `${c.route.key} — ${c.what} (${url.slice(0, 120)})`;
      if (res.status >= 500) {
        serverErrors.push(`${res.status} for ${replay}: ${JSON.stringify(res.body).slice(0, 200)}`);
        before = await rowCounts(t);
        continue;
      }
      if (res.status >= 400) {
        const message = (res.body as { message?: unknown })?.message;
        if (c.what === 'a plausible request' && typeof message === 'string') baseline.set(c.route.key, message);
        if (typeof message !== 'string' || message.trim() === '') failures.push(`${res.status} without a message for ${replay}`);
        else if (res.status === 400 && c.field && !message.includes(c.field) && message !== baseline.get(c.route.key)) {
          failures.push(`400 whose message does not name "${c.field}" for ${replay}: ${message.slice(0, 200)}`);
        }
        const after = await rowCounts(t);
        const changed = changedTables(before, after);
        if (changed.length && !WRITES_WHEN_REFUSED.has(c.route.key)) failures.push(`${res.status} that still wrote (${changed.join(', ')}) for ${replay}`);
        before = after;
      } else {
        before = await rowCounts(t);
      }
    }
    // eslint-disable-next-line no-console
    console.log(
      `fuzz (${LONG ? 'long run' : 'plan'}): seed ${SEED}, ${sent} requests of ${all.length} cases over ${routes.length} routes in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(statuses)}, ${serverErrors.length} answered 5xx`,
    );
    // The plan is sent whole; the long run within its bounds.
    expect(sent).toBeGreaterThanOrEqual(LONG ? Math.min(500, all.length) : all.length);
    expect(serverErrors.slice(0, 30)).toEqual([]);
    expect(failures.slice(0, 30)).toEqual([]);
  });
});
