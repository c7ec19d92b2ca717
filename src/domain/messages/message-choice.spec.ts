import { chooseChannels } from './message-choice';

const L = '11111111-2222-3333-4444-555555555555';

describe('chooseChannels: accepted', () => {
  it.each([
    ['nothing chosen: every audience, every channel', {}, { elected: ['email', 'sms'], public: ['x', 'facebook', 'instagram', 'mastodon', 'bluesky', 'public_page'], media: ['email', 'sms'] }],
    ['elected by email only', { audiences: ['elected'], channels: { elected: ['email'] } }, { elected: ['email'] }],
    ['public page only', { audiences: ['public'], channels: { public: ['public_page'] } }, { public: ['public_page'] }],
    ['a repeated channel counts once', { audiences: ['media'], channels: { media: ['sms', 'sms'] } }, { media: ['sms'] }],
  ])('%s', (_why, input, channels) => {
    const r = chooseChannels(input as never);
    expect(r).toEqual({ ok: true, choice: { channels, listIds: {} } });
  });

  it('keeps the lists chosen for elected officials', () => {
    expect(chooseChannels({ audiences: ['elected'], listIds: { elected: [L, L] } })).toEqual({ ok: true, choice: { channels: { elected: ['email', 'sms'] }, listIds: { elected: [L] } } });
  });
});

describe('chooseChannels: refused', () => {
  it.each([
    ['an X post to elected officials', { channels: { elected: ['x'] } }, 'channels.elected: "x" cannot reach this audience; use email, sms'],
    ['an empty channel list', { channels: { media: [] } }, 'channels.media must list at least one of: email, sms'],
    ['channels for an audience not chosen', { audiences: ['elected'], channels: { public: ['x'] } }, 'channels.public: "public" is not one of the audiences of this message (elected)'],
    ['a list for the public', { listIds: { public: [L] } }, 'listIds.public: lists apply to elected and media only (the public is reached by posts and the public page)'],
    ['a list that is not an id', { listIds: { elected: ['mayors'] } }, 'listIds.elected must be a non-empty list of distribution list ids'],
    ['a list for an audience not chosen', { audiences: ['public'], listIds: { media: [L] } }, 'listIds.media: this message does not go to media'],
  ])('%s', (_why, input, message) => {
    expect(chooseChannels(input as never)).toEqual({ ok: false, message });
  });
});
