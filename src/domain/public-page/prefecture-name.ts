/**
 * "Préfecture des Vosges", "Préfecture de la Corse-du-Sud": the department's
 * name with the French article INSEE records for it (`typeLiaison`, the
 * TNCC code), as the sender of the public feeds.
 */
const LINKS: Record<number, string> = { 0: 'de ', 1: "d'", 2: 'du ', 3: 'de la ', 4: 'des ', 5: "de l'" };

export function prefectureName(department: { nom: string; typeLiaison: number } | null | undefined, code: string): string {
  if (!department) return `Préfecture (département ${code})`;
  // `nom` never holds the article ("Vosges", not "Les Vosges"): typeLiaison says which one a sentence needs.
  return `Préfecture ${LINKS[department.typeLiaison] ?? 'de '}${department.nom}`;
}
