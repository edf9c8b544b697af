import type { Page } from '@playwright/test';
import { choose, expect, expectAccessible, retireRisks, signIn, test, unique } from './helpers';

const node = (page: Page, name: string) => page.getByRole('treeitem').filter({ hasText: name });

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

test.describe('moving a risk', () => {
  test('an analyst moves a risk to a division under theirs from its edit form, and back', async ({ page }) => {
    // An admin makes a division under Local, where the analyst works (a membership
    // grants the division's whole subtree).
    await signIn(page, 'admin', '/divisions');
    const line = `Line ${unique('M').replace(/^M /, '')}`;
    const form = page.getByRole('form', { name: 'New division' });
    await form.getByLabel('Name').fill(line);
    await form.getByLabel('Code').fill(line.toUpperCase().replace(/[^A-Z0-9]+/g, '-').slice(-32).replace(/^-/, ''));
    await choose(page, 'Parent', 'Local');
    await form.getByRole('button', { name: 'Create' }).click();
    await expect(node(page, line)).toBeVisible();
    await signOut(page);

    await signIn(page, 'analyst', '/risks/new');
    const title = unique('Label mix-up on line');
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Description').fill('Two label rolls swapped at changeover.');
    await choose(page, 'Division', 'Local');
    await choose(page, 'Category', 'Operational');
    await page.getByRole('button', { name: 'Capture' }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    const riskId = page.url().split('/').pop()!;
    const division = page.getByTestId('risk-division');
    await expect(division).toHaveText('Local');

    // To the line: the division is one more field of the form (PATCH with If-Match).
    await page.getByRole('button', { name: 'Edit details' }).click();
    await choose(page, 'Division', `Local / ${line}`);
    await expectAccessible(page, 'the edit form with a division');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('button', { name: 'Edit details' })).toBeVisible();
    await expect(division).toHaveText(line);

    // And back, so that the line can be retired; then the risk is retired.
    await page.getByRole('button', { name: 'Edit details' }).click();
    await choose(page, 'Division', 'Local');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(division).toHaveText('Local');
    await retireRisks(page, [riskId]);
    await signOut(page);

    await signIn(page, 'admin', '/divisions');
    await node(page, line).click();
    await page.getByRole('button', { name: 'Retire this division' }).click();
    await expect(node(page, line)).toHaveCount(0);
  });
});
