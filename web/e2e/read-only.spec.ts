import { expect, expectAccessible, screenshot, signIn, test } from './helpers';

test.describe('an executive', () => {
  test('sees the solutions and the divisions with no write action', async ({ page }) => {
    await signIn(page, 'executive');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Solutions' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Solutions' })).toBeVisible();
    const table = page.getByRole('table', { name: 'Solutions' });
    await expect(table.getByRole('row').nth(1)).toBeVisible();
    await expect(page.getByRole('link', { name: 'New solution' })).toHaveCount(0);
    await expectAccessible(page, 'the solutions (executive)');
    await screenshot(page, 'solutions-executive');

    // A solution: its fields and the risks it answers, nothing to change.
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await table.getByRole('row').nth(1).click();
    await expect(page).toHaveURL(/\/solutions\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('solution-status')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Risks it answers' })).toBeVisible();
    await expect(page.getByRole('group', { name: 'Status' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
    await expectAccessible(page, 'the solution page (executive)');
    await screenshot(page, 'solution-detail-executive');

    await page.goto('/solutions/new');
    await expect(page).toHaveURL(/\/risks$/);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Divisions' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Divisions' })).toBeVisible();
    await expect(page.getByRole('treeitem').first()).toBeVisible();
    await page.getByRole('treeitem').first().click();
    await expect(page.getByTestId('division-details')).toBeVisible();
    await expect(page.getByRole('button', { name: /Rename|Move|Retire|Create/ })).toHaveCount(0);
    await expect(page.getByRole('form', { name: 'New division' })).toHaveCount(0);
    await expectAccessible(page, 'the divisions (executive)');
    await screenshot(page, 'divisions-executive');
  });
});
