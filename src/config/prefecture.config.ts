import { readFileSync } from 'node:fs';
import { prefectTitle, prefectureName } from '../domain/public-page/prefecture-name';

/** Who signs the pages: "Préfecture des Vosges", and "Préfet des Vosges" in the Marianne block of the header. */
export interface PrefectureIdentity {
  name: string;
  prefect: string;
}

/** From the department code of the configuration and INSEE's list of departments (@etalab/decoupage-administratif). */
export function prefectureIdentity(departmentCode: string): PrefectureIdentity {
  const departments: { code: string; nom: string; typeLiaison: number }[] = JSON.parse(readFileSync(require.resolve('@etalab/decoupage-administratif/data/departements.json'), 'utf8'));
  const department = departments.find((d) => d.code === departmentCode);
  return { name: prefectureName(department, departmentCode), prefect: prefectTitle(department, departmentCode) };
}
