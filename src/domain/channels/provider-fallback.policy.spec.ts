import { blameOf, FailureFacts, fallbackStep } from './provider-fallback.policy';

const settings = { primaryAttempts: 3 };

describe('blameOf and fallbackStep', () => {
  it.each<[string, FailureFacts, number, 'provider' | 'recipient', 'secondary' | 'none']>([
    ['SMTP connection refused', { via: 'connection', failure: 'refused' }, 1, 'provider', 'secondary'],
    ['SMS gateway timeout', { via: 'connection', failure: 'timeout' }, 1, 'provider', 'secondary'],
    ['connection lost midway', { via: 'connection', failure: 'broken' }, 1, 'provider', 'secondary'],
    ['SMTP login refused (535)', { via: 'smtp-auth' }, 1, 'provider', 'secondary'],
    ['SMTP 554 at DATA (relay refuses)', { via: 'smtp', code: 554, enhanced: '5.7.1', command: 'DATA' }, 1, 'provider', 'secondary'],
    ['SMTP 554 5.7.1 relay denied at RCPT TO', { via: 'smtp', code: 554, enhanced: '5.7.1', command: 'RCPT TO' }, 1, 'provider', 'secondary'],
    ['SMTP 421 on the first attempt: the primary again', { via: 'smtp', code: 421, enhanced: '4.3.2', command: 'DATA' }, 1, 'provider', 'none'],
    ['SMTP 421 on the second attempt: the primary again', { via: 'smtp', code: 421, command: 'CONN' }, 2, 'provider', 'none'],
    ['SMTP 421 past its retries: the secondary', { via: 'smtp', code: 421, enhanced: '4.3.2', command: 'DATA' }, 3, 'provider', 'secondary'],
    ['SMTP 550 5.1.1 user unknown', { via: 'smtp', code: 550, enhanced: '5.1.1', command: 'RCPT TO' }, 1, 'recipient', 'none'],
    ['SMTP 550 without enhanced code at RCPT TO', { via: 'smtp', code: 550, command: 'RCPT TO' }, 5, 'recipient', 'none'],
    ['SMTP 452 4.2.2 mailbox full at RCPT TO', { via: 'smtp', code: 452, enhanced: '4.2.2', command: 'RCPT TO' }, 9, 'recipient', 'none'],
    ['address nodemailer cannot parse', { via: 'recipient-invalid' }, 1, 'recipient', 'none'],
    ['SMS gateway 500', { via: 'http', status: 500 }, 1, 'provider', 'secondary'],
    ['SMS gateway 503', { via: 'http', status: 503 }, 1, 'provider', 'secondary'],
    ['SMS credits exhausted (403)', { via: 'http', status: 403, credits: true }, 1, 'provider', 'secondary'],
    ['SMS credits exhausted (402)', { via: 'http', status: 402, credits: true }, 1, 'provider', 'secondary'],
    ['SMS credentials refused', { via: 'http', status: 401 }, 1, 'provider', 'secondary'],
    ['SMS 429 on the first attempt: the primary again', { via: 'http', status: 429 }, 1, 'provider', 'none'],
    ['SMS 429 past its retries', { via: 'http', status: 429 }, 3, 'provider', 'secondary'],
    ['SMS number refused as invalid', { via: 'recipient-invalid' }, 1, 'recipient', 'none'],
    ['SMS gateway 400 on this request', { via: 'http', status: 400 }, 1, 'recipient', 'none'],
  ])('%s', (_why, facts, attempt, blame, to) => {
    expect(blameOf(facts)).toBe(blame);
    expect(fallbackStep(facts, attempt, settings).to).toBe(to);
  });
});
