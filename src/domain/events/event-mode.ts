/**
 * An event is real or an exercise. Exercises run the same clocks as real
 * events (commitment C3: the exercise proves the real thing works); the mode
 * only changes who may receive messages, which is enforced below the channels.
 */
export const EVENT_MODES = ['real', 'exercise'] as const;

export type EventMode = (typeof EVENT_MODES)[number];

export const EVENT_MODE_LABELS_FR: Readonly<Record<EventMode, string>> = {
  real: 'Réel',
  exercise: 'Exercice',
};

export function isEventMode(value: unknown): value is EventMode {
  return typeof value === 'string' && (EVENT_MODES as readonly string[]).includes(value);
}
