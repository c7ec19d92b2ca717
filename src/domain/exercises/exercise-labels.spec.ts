import { timelineLabel } from '../events/timeline-labels';

describe('timeline labels of the exercises', () => {
  it.each([
    ['exercise.started', {}, 'Exercice lancé depuis le programme'],
    ['exercise.msel_started', {}, 'Chronogramme (MSEL) démarré'],
    ['exercise.msel_resumed', { pauseMs: 65_400 }, 'Chronogramme (MSEL) repris après 65 s de pause'],
    [
      'exercise.inject_delivered',
      { order: 2, offsetMinutes: 12.5, means: 'sms', recipient: 'communication', scenario: 'La Moselle déborde à Épinal' },
      'Inject transmis n° 2 (T+12,5 min, SMS, à communication) : La Moselle déborde à Épinal',
    ],
    ['exercise.inject_response', { scenario: 'La Moselle déborde à Épinal' }, 'Réponse des joueurs à un inject : La Moselle déborde à Épinal'],
    ['exercise.inject_skipped', { scenario: 'Coupure RN57' }, 'Inject écarté : Coupure RN57'],
    ['exercise.reminder_sent', { director: 'Anne Lefèvre', leadMinutes: 10080 }, 'Rappel envoyé au directeur d’exercice (Anne Lefèvre, J-7)'],
    ['exercise.reminder_sent', { director: 'Anne Lefèvre', leadMinutes: 30 }, 'Rappel envoyé au directeur d’exercice (Anne Lefèvre, 30 min avant)'],
  ])('%s', (action, payload, label) => expect(timelineLabel(action, payload)).toBe(label));
});
