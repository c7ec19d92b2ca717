import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** Zero serious or critical violation of the WCAG 2.1 A/AA rules axe-core checks (the automatable part of the RGAA). */
export async function expectAccessible(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${what}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
  // The check did run on the page: axe reports the rules that passed.
  expect(result.passes.length).toBeGreaterThan(5);
}
