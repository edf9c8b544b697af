import type { Page } from '@playwright/test';
import { choose, expect, expectAccessible, screenshot, signIn, test, unique } from './helpers';

const node = (page: Page, name: string) => page.getByRole('treeitem').filter({ hasText: name });

async function create(page: Page, name: string, parent: string): Promise<void> {
  const form = page.getByRole('form', { name: 'New division' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Code').fill(name.toUpperCase().replace(/[^A-Z0-9]+/g, '-').slice(-32).replace(/^-/, ''));
  await choose(page, 'Parent', parent);
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(node(page, name)).toBeVisible();
  await expect(page.getByTestId('division-details')).toContainText(name);
}

test.describe('divisions', () => {
  test('an admin creates a division under another, moves it, and retires both', async ({ page }) => {
    await signIn(page, 'admin', '/divisions');
    await expect(page.getByRole('heading', { level: 1, name: 'Divisions' })).toBeVisible();
    await expect(node(page, 'LOCAL').first()).toBeVisible();
    await expectAccessible(page, 'the divisions (admin)');

    const stamp = unique('E2E').replace(/^E2E /, '');
    const first = `Reagents ${stamp}`;
    const second = `Instruments ${stamp}`;
    await create(page, first, 'Local');
    await expect(page.getByTestId('division-parent')).toHaveText('Local');
    await create(page, second, 'Local');
    await expect(node(page, second)).toHaveAttribute('aria-level', '2');

    // Move the second under the first (PATCH with If-Match).
    await choose(page, 'New parent', `Local / ${first}`);
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await expect(page.getByTestId('division-parent')).toHaveText(`Local / ${first}`);
    await expect(node(page, second)).toHaveAttribute('aria-level', '3');
    await expect(node(page, first).getByRole('button', { name: `Show or hide the divisions under ${first}` })).toBeVisible();
    const indent = async (name: string) => parseFloat(await node(page, name).evaluate((el) => getComputedStyle(el).paddingLeft));
    expect(await indent(second)).toBeGreaterThan(await indent(first));
    await expect(page).toHaveURL(/division=[0-9a-f-]{36}/);
    await expectAccessible(page, 'the divisions with one selected (admin)');
    await screenshot(page, 'divisions');

    // Rename, then retire the two (DELETE with If-Match): a division with live
    // sub-divisions is not retired first.
    await page.getByLabel('New name').fill(`${second} (renamed)`);
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await expect(node(page, `${second} (renamed)`)).toBeVisible();
    await page.getByRole('button', { name: 'Retire this division' }).click();
    await expect(node(page, second)).toHaveCount(0);
    await node(page, first).click();
    await page.getByRole('button', { name: 'Retire this division' }).click();
    await expect(node(page, first)).toHaveCount(0);
  });
});
