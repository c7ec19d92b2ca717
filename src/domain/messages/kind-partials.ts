/**
 * What an event kind writes for itself; the layouts in templates/layouts/ hold
 * everything else and print these with `{{> name}}`. Each kinds/<kind>.hbs
 * defines every one of them with `{{#*inline "name"}} ... {{/inline}}`.
 *
 * Extension point: a new channel whose layout needs another per-kind piece
 * (an image's alt text, a shorter line for a 300-character post) adds its name
 * here; the boot check then asks every kind's file for it, with file and line.
 */
export const KIND_PARTIALS = {
  kindLabel: { multiline: false, description: 'the kind as a heading says it, e.g. "Inondation"' },
  advice: { multiline: true, description: 'the safety advice, one instruction per line (printed as a list)' },
  shortAdvice: { multiline: false, description: 'the one instruction that fits an X post' },
} as const;

export type KindPartialName = keyof typeof KIND_PARTIALS;

export const KIND_PARTIAL_NAMES = Object.keys(KIND_PARTIALS) as KindPartialName[];

export const isKindPartial = (name: string): name is KindPartialName => Object.prototype.hasOwnProperty.call(KIND_PARTIALS, name);
