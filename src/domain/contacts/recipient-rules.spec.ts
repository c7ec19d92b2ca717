import { type ContactKind } from './contact-kinds';
import { listMembers, parseDynamicRule, RecipientSelection, SelectableContact, SelectableList, selectRecipients } from './recipient-rules';

const contact = (id: string, kind: ContactKind, communeInsee: string | null, extra: Partial<SelectableContact> = {}): SelectableContact => ({
  id,
  kind,
  communeInsee,
  active: true,
  exerciseParticipant: false,
  ...extra,
});

const CONTACTS: SelectableContact[] = [
  contact('maire-epinal', 'mayor', '88160', { exerciseParticipant: true }),
  contact('adjoint-epinal', 'deputy_mayor', '88160'),
  contact('maire-gerardmer', 'mayor', '88196'),
  contact('maire-golbey', 'mayor', '88209'),
  contact('maire-retire', 'mayor', '88160', { active: false }),
  contact('depute', 'mp', null, { exerciseParticipant: true }),
  contact('senateur', 'senator', null),
  contact('conseiller-local', 'departmental_councillor', '88196'),
  contact('conseiller-ailleurs', 'departmental_councillor', '88209'),
  contact('vosges-matin', 'newsroom', null, { exerciseParticipant: true }),
  contact('afp', 'agency', null),
  contact('radio-retiree', 'newsroom', null, { active: false }),
  contact('sdis', 'internal_service', null, { exerciseParticipant: true }),
];

const dynamic = (id: string, type: string): SelectableList => ({ id, kind: 'dynamic', rule: parseDynamicRule({ type })! });
const LISTS = {
  mayors: dynamic('mayors', 'mayors_of_affected_communes'),
  elected: dynamic('elected', 'elected_all'),
  media: dynamic('media', 'media_all'),
  exercise: dynamic('exercise', 'exercise_participants'),
  cell: { id: 'cell', kind: 'static', memberIds: ['sdis', 'vosges-matin'] } as SelectableList,
  epinal: { id: 'epinal', kind: 'static', memberIds: ['maire-epinal', 'maire-retire', 'depute'] } as SelectableList,
};

describe('selectRecipients', () => {
  it.each<[string, Omit<RecipientSelection, 'exerciseOnly'> & { exerciseOnly?: boolean }, string[]]>([
    [
      'elected by default: mayors and deputy mayors of the affected communes, elected officials without a commune, others tied to an affected commune',
      { audience: 'elected', communes: ['88160', '88196'] },
      ['maire-epinal', 'adjoint-epinal', 'maire-gerardmer', 'depute', 'senateur', 'conseiller-local'],
    ],
    ['elected by default for another commune', { audience: 'elected', communes: ['88209'] }, ['maire-golbey', 'depute', 'senateur', 'conseiller-ailleurs']],
    ['media by default: every active newsroom and agency, whatever the communes', { audience: 'media', communes: ['88160'] }, ['vosges-matin', 'afp']],
    ['elected in exercise mode: participants only', { audience: 'elected', communes: ['88160', '88196'], exerciseOnly: true }, ['maire-epinal', 'depute']],
    ['media in exercise mode', { audience: 'media', communes: ['88160'], exerciseOnly: true }, ['vosges-matin']],
    ['a dynamic list: mayors of the affected communes', { audience: 'elected', communes: ['88196'], lists: [LISTS.mayors] }, ['maire-gerardmer']],
    [
      'a dynamic list: every elected official',
      { audience: 'elected', communes: [], lists: [LISTS.elected] },
      ['maire-epinal', 'adjoint-epinal', 'maire-gerardmer', 'maire-golbey', 'depute', 'senateur', 'conseiller-local', 'conseiller-ailleurs'],
    ],
    ['a media list asked for the elected audience gives nobody', { audience: 'elected', communes: ['88160'], lists: [LISTS.media] }, []],
    ['exercise participants, restricted to the audience: media', { audience: 'media', communes: [], lists: [LISTS.exercise] }, ['vosges-matin']],
    ['exercise participants, elected audience: internal services go with the elected officials', { audience: 'elected', communes: [], lists: [LISTS.exercise] }, ['maire-epinal', 'depute', 'sdis']],
    ['a static list, without its inactive member', { audience: 'elected', communes: ['88209'], lists: [LISTS.epinal] }, ['maire-epinal', 'depute']],
    ['a union of lists, each contact once', { audience: 'elected', communes: ['88160'], lists: [LISTS.epinal, LISTS.mayors, LISTS.cell] }, ['maire-epinal', 'adjoint-epinal', 'depute', 'sdis']],
    ['a mixed static list for the media: the internal service is left out', { audience: 'media', communes: [], lists: [LISTS.cell] }, ['vosges-matin']],
    ['lists and exercise mode together', { audience: 'elected', communes: ['88160'], lists: [LISTS.epinal, LISTS.cell], exerciseOnly: true }, ['maire-epinal', 'depute', 'sdis']],
    ['an empty list of lists means nobody, not the default', { audience: 'elected', communes: ['88160'], lists: [] }, []],
    ['no affected commune: only elected officials without a commune', { audience: 'elected', communes: [] }, ['depute', 'senateur']],
  ])('%s', (_label, input, expected) => {
    expect(selectRecipients({ exerciseOnly: false, ...input }, CONTACTS).map((c) => c.id)).toEqual(expected);
  });

  it('gives a contact that appears twice in the input once', () => {
    expect(selectRecipients({ audience: 'media', communes: [], exerciseOnly: false }, [CONTACTS[9], CONTACTS[9]]).map((c) => c.id)).toEqual(['vosges-matin']);
  });
});

describe('listMembers', () => {
  it.each<[string, SelectableList, string[], string[]]>([
    ['mayors of Épinal and Gérardmer', LISTS.mayors, ['88160', '88196'], ['maire-epinal', 'adjoint-epinal', 'maire-gerardmer']],
    ['mayors of no commune', LISTS.mayors, [], []],
    ['every medium, active ones only', LISTS.media, [], ['vosges-matin', 'afp']],
    ['exercise participants of every group', LISTS.exercise, [], ['maire-epinal', 'depute', 'vosges-matin', 'sdis']],
    ['a static list of every group', LISTS.cell, [], ['vosges-matin', 'sdis']],
  ])('%s', (_label, list, communes, expected) => {
    expect(listMembers(list, CONTACTS, communes).map((c) => c.id)).toEqual(expected);
  });
});

describe('parseDynamicRule', () => {
  it.each([
    [{ type: 'elected_all' }, { type: 'elected_all' }],
    [{ type: 'mayors_of_affected_communes', extra: 1 }, { type: 'mayors_of_affected_communes' }],
    [{ type: 'everyone' }, undefined],
    [null, undefined],
    ['elected_all', undefined],
  ])('%j → %j', (value, expected) => {
    expect(parseDynamicRule(value)).toEqual(expected);
  });
});
