import { minutesSince, timelineLabel } from './timeline-labels';

describe('timeline labels', () => {
  it.each([
    ['event.cod_activated', {}, 'Activation du COD décidée'],
    ['clock.warning', { key: 'C2-public', leadMinutes: 15 }, 'Alerte d’échéance C2 · Grand public : 15 min restantes'],
    ['clock.missed', { key: 'C4' }, 'Échéance dépassée C4 · CIP'],
    ['something.new', {}, 'something.new'],
    ['cell.called', { pagedRoles: ['chief', 'writer'], uncoveredRoles: [] }, 'Cellule de communication appelée'],
    ['cell.called', { uncoveredRoles: ['press', 'social_media'] }, 'Cellule de communication appelée — rôles sans astreinte : relations presse, réseaux sociaux'],
    ['cell.paged', { memberName: 'Claire Dupont', role: 'chief', round: 1 }, 'Membre de la cellule appelé : Claire Dupont (chef de cellule)'],
    ['cell.paged', { memberName: 'Luc Marchal', role: 'writer', round: 3 }, 'Membre de la cellule appelé : Luc Marchal (rédacteur), relance n° 2'],
    ['cell.paged', { memberName: 'Inès Roy', role: 'veille_meteo', round: 1 }, 'Membre de la cellule appelé : Inès Roy (veille meteo)'],
    [
      'cell.page_sent',
      { memberName: 'Claire Dupont', role: 'chief', deliveries: { email: { status: 'sent' }, sms: { status: 'temporary' } } },
      'Appel de la cellule envoyé à Claire Dupont (chef de cellule) : courriel envoyé, SMS échec temporaire',
    ],
    [
      'cell.page_sent',
      { memberName: 'Claire Dupont', role: 'chief', deliveries: { email: { status: 'sandboxed' } } },
      'Appel de la cellule envoyé à Claire Dupont (chef de cellule) : courriel simulé (bac à sable)',
    ],
    ['cell.acknowledged', { memberName: 'Claire Dupont', role: 'chief', via: 'link' }, 'Prise en compte d’un membre de la cellule : Claire Dupont (chef de cellule), par son lien'],
    [
      'cell.acknowledged',
      { memberName: 'Luc Marchal', role: 'writer', via: 'console', recordedBy: 'astreinte' },
      'Prise en compte d’un membre de la cellule : Luc Marchal (rédacteur), saisie depuis la console par astreinte',
    ],
    ['cell.operational', { auto: true }, 'Cellule de communication opérationnelle (tous les rôles requis ont répondu)'],
    ['cell.operational', { auto: false, declaredBy: 'Claire Dupont' }, 'Cellule de communication opérationnelle, déclarée par Claire Dupont'],
    [
      'cell.escalated',
      { role: 'press', fromMemberName: 'Paul Simon', toMemberName: 'Léa Petit', minutesWithoutAck: 10.5 },
      'Escalade vers le renfort (relations presse) : Paul Simon sans réponse après 10,5 min, appel de Léa Petit',
    ],
    ['cell.escalation_exhausted', { role: 'press', rounds: 3 }, 'Escalade épuisée : personne n’a répondu (relations presse, 3 tours)'],
    ['cell.member_created', { name: 'Claire Dupont' }, 'Membre de la cellule ajouté'],
    ['cell.rotation_deleted', {}, 'Tour d’astreinte supprimé'],
    ['cell.override_created', {}, 'Remplacement ou absence enregistré'],
    ['event.fact_recorded', { manual: false, audience: 'elected', means: 'email' }, 'Information parvenue (Élus locaux, courriel)'],
    ['event.fact_recorded', { manual: false, audience: 'public', means: 'public_page' }, 'Information parvenue (Grand public, page publique)'],
    ['delivery.results', { counts: { sent: 66, failed: 1, sandboxed: 2 } }, 'Résultats de diffusion : 66 envoyés, 1 échec, 2 simulés (bac à sable)'],
    ['debrief.written', { phase: 'hot' }, 'RETEX à chaud rédigé'],
    ['debrief.updated', { phase: 'cold' }, 'RETEX à froid modifié'],
    ['debrief.action_added', { phase: 'cold', title: 'Mettre à jour l’annuaire des maires', status: 'open' }, 'Action du plan RETEX ajoutée (à froid) : Mettre à jour l’annuaire des maires, à faire'],
    ['debrief.action_updated', { phase: 'hot', title: 'Tester le SMS', status: 'done' }, 'Action du plan RETEX modifiée (à chaud) : Tester le SMS, réalisée'],
    ['debrief.action_updated', { phase: 'hot', title: 'Tester le SMS' }, 'Action du plan RETEX modifiée (à chaud) : Tester le SMS'],
  ])('%s → %s', (action, payload, label) => {
    expect(timelineLabel(action, payload)).toBe(label);
  });

  it.each([
    [null, '2026-11-28T02:10:00Z', null],
    ['2026-11-28T02:10:00Z', '2026-11-28T02:10:00Z', 0],
    ['2026-11-28T02:10:00Z', '2026-11-28T03:09:59Z', 60],
    ['2026-11-28T02:10:00Z', '2026-11-28T02:25:30Z', 15.5],
    ['2026-11-28T02:10:00Z', '2026-11-28T02:05:00Z', -5],
  ])('T+ from %s to %s is %s', (start, at, expected) => {
    expect(minutesSince(start ? new Date(start) : null, new Date(at))).toBe(expected);
  });
});
