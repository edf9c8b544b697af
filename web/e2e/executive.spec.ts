import { expect, expectAccessible, screenshot, signIn, test } from './helpers';

test.describe('an executive', () => {
  test('sees the register with scores, shares a view by link, and is offered no write action', async ({ page }) => {
    await signIn(page, 'executive');
    const table = page.getByRole('table', { name: 'Risks' });
    await expect(table.getByRole('row')).toHaveCount(21); // header + a page of 20
    await expect(page.getByRole('link', { name: 'Capture a risk' })).toHaveCount(0);
    await expect(table.locator('.level-chip').first()).toBeVisible();
    await expectAccessible(page, 'the register (executive)');
    await screenshot(page, 'register');

    // Filters, sort and page live in the URL.
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Open' }).click();
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(/status=open/);
    await page.getByRole('button', { name: 'Title' }).click();
    await expect(page).toHaveURL(/sort=title/);
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/page=2/);
    const shared = page.url();
    // The first row's title (its score chip fills in later, so not the whole row).
    const first = await table.getByRole('row').nth(1).getByRole('cell').first().textContent();

    await page.goto('/risks');
    await page.goto(shared);
    await expect(table.getByRole('row').nth(1).getByRole('cell').first()).toHaveText(first ?? '');
    await expect(page.getByRole('combobox', { name: 'Status' })).toContainText('Open');
    for (const cell of await table.locator('.status-chip').allTextContents()) expect(cell).toBe('Open');

    // A row opens the risk: every field, the score, and nothing to change.
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await expect(table.getByRole('row').nth(1).locator('.level-chip')).toBeVisible();
    await table.getByRole('row').nth(1).click();
    await expect(page).toHaveURL(/\/risks\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('score-panel')).toBeVisible();
    await expect(page.getByRole('group', { name: 'Workflow' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Assess' })).toHaveCount(0);
    await expect(page.getByTestId('score-explanation')).not.toBeEmpty();
    await expectAccessible(page, 'the risk page (executive)');
    await screenshot(page, 'risk-detail-executive');

    // Writing pages are not offered either.
    await page.goto('/risks/new');
    await expect(page).toHaveURL(/\/risks$/);
  });
});
