import { escapeHtml } from '../html';

/**
 * "Préfecture des Vosges", "Préfecture de la Corse-du-Sud": the department's
 * name with the French article INSEE records for it (`typeLiaison`, the
 * TNCC code), as the sender of the public feeds.
 */
const LINKS: Record<number, string> = { 0: 'de ', 1: "d'", 2: 'du ', 3: 'de la ', 4: 'des ', 5: "de l'" };

type Department = { nom: string; typeLiaison: number } | null | undefined;

export function prefectureName(department: Department, code: string): string {
  return ofDepartment('Préfecture', department, code);
}

/** "Préfet des Vosges": the words of the Marianne block (the state's logo) at the head of every page. */
export function prefectTitle(department: Department, code: string): string {
  return ofDepartment('Préfet', department, code);
}

function ofDepartment(word: string, department: Department, code: string): string {
  if (!department) return `${word} (département ${code})`;
  // `nom` never holds the article ("Vosges", not "Les Vosges"): typeLiaison says which one a sentence needs.
  return `${word} ${LINKS[department.typeLiaison] ?? 'de '}${department.nom}`;
}

/** "Préfet des Vosges" → "Préfet<br>des Vosges": the Marianne block's lines, as HTML (escaped). */
export function marianneBlockHtml(prefect: string): string {
  return escapeHtml(prefect).replace(/^(\S+) /, '$1<br>');
}
