import { createEvent } from '../events/support';
import { startTestApp, TestApp } from '../support/test-app';
import { rowCounts } from './fuzz-world';

/** The inputs that once answered 500, each now a 400 that says what to fix and writes nothing. */
describe('input PostgreSQL cannot store, numbers and dates out of their form: refused at the edge', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let admin: string;
  let duty: string;
  let writer: string;
  let eventId: string;
  let userId: string;

  beforeAll(async () => {
    t = await startTestApp({ DELIVERY_WORKER: 'false' });
    admin = await t.adminToken();
    duty = (await t.userWithRole('duty_officer', 'astreinte')).token;
    const w = await t.userWithRole('communication', 'redaction');
    writer = w.token;
    userId = w.id;
    eventId = (await createEvent(t, duty)).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const deep = '['.repeat(5000) + ']'.repeat(5000);
  const cases: [string, () => { method: 'get' | 'post' | 'patch'; url: string; token: () => string; body?: unknown; raw?: string }, number, RegExp][] = [
    [
      'a NUL in an event title',
      () => ({ method: 'post', url: '/api/events', token: () => duty, body: { title: 'Crue\u0000', kind: 'flood', mode: 'real', communes: ['88160'] } }),
      400,
      /"title" contains a NUL character/,
    ],
    [
      'a lone surrogate in an event title',
      () => ({ method: 'post', url: '/api/events', token: () => duty, body: { title: 'Crue \ud800', kind: 'flood', mode: 'real', communes: ['88160'] } }),
      400,
      /"title" contains an invalid character/,
    ],
    ['a NUL in a user display name', () => ({ method: 'patch', url: `/api/users/${userId}`, token: () => admin, body: { displayName: 'a\u0000' } }), 400, /"displayName" contains a NUL/],
    ['a NUL in a login user name', () => ({ method: 'post', url: '/api/auth/login', token: () => '', body: { username: 'ad\u0000min', password: 'x'.repeat(12) } }), 400, /"username" contains a NUL/],
    ['a NUL in a query string', () => ({ method: 'get', url: '/api/contacts?q=%00', token: () => admin }), 400, /"q" contains a NUL/],
    ['a NUL in an audit filter', () => ({ method: 'get', url: '/api/audit?subjectId=%00', token: () => admin }), 400, /"subjectId" contains a NUL/],
    ['a NUL in the address', () => ({ method: 'get', url: '/api/events/%00', token: () => admin }), 400, /the address" contains a NUL/],
    ['a body nested 5,000 levels deep', () => ({ method: 'post', url: '/api/events', token: () => duty, raw: deep }), 400, /nested more than 32 levels/],
    ['displayName null', () => ({ method: 'patch', url: `/api/users/${userId}`, token: () => admin, body: { displayName: null } }), 400, /displayName must be a string/],
    [
      'an ISO week date for nextUpdateAt',
      () => ({ method: 'post', url: `/api/events/${eventId}/messages`, token: () => writer, body: { facts: 'La Moselle déborde.', nextUpdateAt: '2026-W48-3' } }),
      400,
      /nextUpdateAt must be a date and time/,
    ],
    [
      'an ordinal date for decidedAt',
      () => ({ method: 'post', url: `/api/events/${eventId}/cod-activation`, token: () => duty, body: { decidedBy: 'M. le Préfet', decidedAt: '2026-332' } }),
      400,
      /decidedAt must be a date and time/,
    ],
    ['afterSeq=1e400', () => ({ method: 'get', url: `/api/events/${eventId}/timeline?afterSeq=1e400`, token: () => admin }), 400, /afterSeq must be a whole number/],
    ['afterSeq past 2^53', () => ({ method: 'get', url: `/api/events/${eventId}/timeline?afterSeq=99999999999999999999999`, token: () => admin }), 400, /afterSeq must be a whole number/],
    ['page past 2^53', () => ({ method: 'get', url: '/api/audit?page=99999999999999999999999', token: () => admin }), 400, /page must be a whole number/],
    ['an audit window in week dates', () => ({ method: 'get', url: '/api/audit?from=2026-W48-3', token: () => admin }), 400, /from must be a date/],
  ];

  it.each(cases)('%s', async (_name, make, status, message) => {
    const c = make();
    const before = await rowCounts(t);
    let req = t.http()[c.method](c.url);
    if (c.token()) req = req.set('Authorization', `Bearer ${c.token()}`);
    const res = await (c.raw !== undefined ? req.set('Content-Type', 'application/json').send(c.raw) : c.body !== undefined ? req.send(c.body as object) : req);
    expect(res.status).toBe(status);
    expect(res.body.message).toMatch(message);
    expect(await rowCounts(t)).toEqual(before);
  });

  it('still takes an emoji, a valid surrogate pair', async () => {
    const res = await t
      .http()
      .post('/api/events')
      .set('Authorization', `Bearer ${duty}`)
      .send({ title: 'Feu 🔥 massif de la Vologne', kind: 'forest_fire', mode: 'real', communes: ['88160'] });
    expect(res.status).toBe(201);
    expect(res.body.title).toBe('Feu 🔥 massif de la Vologne');
  });
});
