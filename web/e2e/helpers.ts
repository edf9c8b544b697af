import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import path from 'node:path';

export const PASSWORD = 'Local-Passw0rd-1';
export type Role = 'analyst' | 'risk-manager' | 'executive' | 'admin';
export const email = (role: Role) => `${role}@riskplatform.local`;

/** Page screenshots, kept as test artifacts (git-ignored). */
export const SCREENSHOTS = path.resolve('e2e-artifacts', 'screenshots');

export async function signIn(page: Page, role: Role, path = '/risks'): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Email').fill(email(role));
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-user')).toContainText(email(role));
}

/** axe-core on the page as it is: no serious or critical violation. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  // Mid-transition colours are not what anyone reads: let animations finish first.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const grave = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = grave.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`);
  expect(summary, `axe on ${name}`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A title no other run has used. */
export function unique(prefix: string): string {
  return `${prefix} ${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${Math.floor(Math.random() * 1e4)}`;
}

/** Opens the focused select with Enter. A select whose options are still loading (the
 * divisions) does not open yet: try again until it does. */
export async function openWithKeyboard(page: Page): Promise<void> {
  await expect(async () => {
    if (!(await page.getByRole('listbox').isVisible())) await page.keyboard.press('Enter');
    await expect(page.getByRole('listbox')).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
}

/** Picks an option of a Material select. (The empty select's floating label covers its
 * middle, where a pointer click lands; focus and Enter open it as a keyboard user does.) */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  const select = page.getByRole('combobox', { name: label, exact: true });
  await select.focus();
  await openWithKeyboard(page);
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect(page.getByRole('listbox')).toHaveCount(0);
}

/** Playwright's test, failing any test whose page threw or logged an error (a refused
 * request the app handles, such as a 404 or a 401, is the browser's note, not an error). */
export const test = base.extend<{ noPageErrors: void }>({
  noPageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
          errors.push(`console: ${message.text()}`);
        }
      });
      await use();
      expect(errors, 'errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** Retires risks a test made (DELETE with the version read, If-Match), as the signed-in
 * user of the page, so test data does not pile up in the register. */
export async function retireRisks(page: Page, ids: readonly string[]): Promise<void> {
  const statuses = await page.evaluate(async (riskIds) => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('CognitoIdentityServiceProvider.') && k.endsWith('.idToken'));
    const headers = { Authorization: key ? (localStorage.getItem(key) ?? '') : '' };
    const out: number[] = [];
    for (const id of riskIds) {
      const read = await fetch(`/api/intake/risks/${id}`, { headers });
      const etag = read.headers.get('ETag') ?? '';
      const gone = await fetch(`/api/intake/risks/${id}`, { method: 'DELETE', headers: { ...headers, 'If-Match': etag } });
      out.push(gone.status);
    }
    return out;
  }, ids);
  expect(statuses.every((status) => status < 300), `retiring ${ids.join(', ')}: ${statuses.join(', ')}`).toBe(true);
}
