import type { Page } from '@playwright/test';
import { choose, expect, expectAccessible, signIn, test, unique } from './helpers';

async function captureOpenRisk(page: Page): Promise<string> {
  await page.goto('/risks/new');
  const title = unique('Supplier audit finding');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Description').fill('A critical finding at the resin supplier’s audit.');
  await choose(page, 'Division', 'Local');
  await choose(page, 'Category', 'Supply chain');
  await page.getByRole('button', { name: 'Capture' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await page.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('risk-status')).toHaveText('Open');
  return page.url();
}

test.describe('a risk manager', () => {
  test('accepts a risk', async ({ page }) => {
    await signIn(page, 'risk-manager');
    await captureOpenRisk(page);
    await page.getByRole('button', { name: 'Accept' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Accepting keeps the risk as it is');
    await expect(dialog.getByRole('button', { name: 'Accept the risk' })).toBeDisabled(); // no rationale yet
    await dialog.getByLabel('Rationale').fill('Second source qualified in Q1; incoming inspection covers the gap.');
    const until = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10);
    await dialog.getByLabel('Accepted until').fill(until);
    await dialog.getByRole('button', { name: 'Accept the risk' }).click();
    await expect(page.getByTestId('risk-status')).toHaveText('Accepted');
    await expect(page.getByTestId('risk-acceptance')).toContainText('Accepted until');
    await expect(page.getByTestId('risk-acceptance')).toContainText('Second source qualified in Q1');
    await expect(page.getByRole('button', { name: 'Accept' })).toHaveCount(0);
    // the history of changes says who moved it to accepted
    const history = page.getByTestId('risk-audit');
    await expect(history.getByRole('row').filter({ hasText: 'status' }).first()).toContainText('accepted');
    await expect(history).toContainText('risk-manager@riskplatform.local');
    await expectAccessible(page, 'the risk page (risk manager)');
  });

  test('a stale change is refused with If-Match, shown, and the risk reloaded', async ({ page, context }) => {
    await signIn(page, 'risk-manager');
    const url = await captureOpenRisk(page);
    const other = await context.newPage(); // same session, another tab
    await other.goto(url);
    await expect(other.getByTestId('risk-status')).toHaveText('Open');

    await page.getByRole('button', { name: 'Start mitigating' }).click();
    await expect(page.getByTestId('risk-status')).toHaveText('Mitigating');

    await other.getByRole('button', { name: 'Close' }).click(); // sent with the version it read
    await expect(other.getByRole('alert')).toContainText('Someone changed this risk since you opened it');
    await expect(other.getByTestId('risk-status')).toHaveText('Mitigating');
  });
});
