import { credentialChange, CredentialVerdict, refusedCredentialWarning } from './credential-check.policy';

const ok: CredentialVerdict = { status: 'ok' };
const refused: CredentialVerdict = { status: 'refused', reason: 'X answered 401' };
const unreachable: CredentialVerdict = { status: 'unreachable', reason: 'connection failed (ECONNREFUSED)' };

describe('credentialChange', () => {
  it.each<[string, CredentialVerdict | undefined, CredentialVerdict, 'ok' | 'refused' | undefined, ReturnType<typeof credentialChange>]>([
    ['first check ok: nothing to tell', undefined, ok, undefined, null],
    ['first check refused', undefined, refused, undefined, 'refused'],
    ['ok, then refused', ok, refused, 'ok', 'refused'],
    ['still refused: told once', refused, refused, 'refused', null],
    ['refused, then ok again', refused, ok, 'refused', 'ok'],
    ['still ok', ok, ok, 'ok', null],
    ['ok, then unreachable', ok, unreachable, 'ok', 'unreachable'],
    ['still unreachable: told once', unreachable, unreachable, 'ok', null],
    ['refused, unreachable, refused: the credential never changed', unreachable, refused, 'refused', null],
    ['refused, unreachable, ok: it works again', unreachable, ok, 'refused', 'ok'],
    ['ok, unreachable, refused', unreachable, refused, 'ok', 'refused'],
  ])('%s', (_name, previous, next, lastDecisive, expected) => {
    expect(credentialChange(previous, next, lastDecisive)).toBe(expected);
  });
});

describe('refusedCredentialWarning', () => {
  it.each([
    ['x', 'live', 'Le compte X de la préfecture refuse ses identifiants : vérifiez-les avant la prochaine crise.'],
    ['facebook', 'live', 'La page Facebook de la préfecture refuse ses identifiants : vérifiez-les avant la prochaine crise.'],
    ['email', 'live', 'Le compte e-mail (SMTP) de la préfecture refuse ses identifiants : vérifiez-les avant la prochaine crise.'],
    ['sms', 'live', 'Le compte SMS de la préfecture refuse ses identifiants : vérifiez-les avant la prochaine crise.'],
    ['x', 'exercise', 'Le compte X d’exercice refuse ses identifiants : vérifiez-les avant le prochain exercice.'],
  ] as const)('%s %s', (channel, account, sentence) => {
    expect(refusedCredentialWarning(channel, account)).toBe(sentence);
  });
});
