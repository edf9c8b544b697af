import { choose, expect, expectAccessible, screenshot, signIn, test, unique } from './helpers';

test.describe('a stale edit', () => {
  test('a stale edit shows the conflict, then reloads and re-applies the user\'s changes', async ({ page, context }) => {
    await signIn(page, 'analyst', '/risks/new');
    const title = unique('Cold-chain excursion at the hub');
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Description').fill('Pallets wait on the dock in summer.');
    await choose(page, 'Division', 'Local');
    await choose(page, 'Category', 'Supply chain');
    await page.getByLabel('Tags').fill('cold-chain');
    await page.getByRole('button', { name: 'Capture' }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

    // Both pages load version 1 and open the edit form.
    const other = await context.newPage();
    await other.goto(page.url());
    await expect(other.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await page.getByRole('button', { name: 'Edit details' }).click();
    await other.getByRole('button', { name: 'Edit details' }).click();

    // The other page saves first: new tags and a treatment.
    await other.getByLabel('Tags').fill('cold-chain, summer');
    await choose(other, 'Treatment', 'Mitigate');
    await other.getByRole('button', { name: 'Save' }).click();
    await expect(other.getByRole('button', { name: 'Edit details' })).toBeVisible();
    await expect(other.getByText('cold-chain, summer')).toBeVisible();

    // This page saves a new title on the old version: 412, and the dialog says what changed.
    const newTitle = `${title} (dock 4)`;
    await page.getByLabel('Title').fill(newTitle);
    await page.getByRole('button', { name: 'Save' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading', { name: 'Someone changed this risk' })).toBeVisible();
    const changes = dialog.getByTestId('conflict-changes');
    await expect(changes.getByRole('row', { name: /Tags/ })).toContainText('cold-chain, summer');
    await expect(changes.getByRole('row', { name: /Treatment/ })).toContainText('Mitigate');
    await expect(changes.getByRole('row', { name: /Title/ })).toHaveCount(0); // only the server's changes
    await expectAccessible(page, 'the stale-edit dialog');
    await screenshot(page, 'stale-edit');

    await dialog.getByRole('button', { name: 'Reload and re-apply my changes' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByLabel('Title')).toHaveValue(newTitle);
    await expect(page.getByLabel('Tags')).toHaveValue('cold-chain, summer');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { level: 1, name: newTitle })).toBeVisible();
    await expect(page.getByText('cold-chain, summer')).toBeVisible();
    await expect(page.getByText('Mitigate', { exact: true })).toBeVisible();

    // "Discard mine" on the other page (now stale): the risk is shown as it is.
    await other.getByRole('button', { name: 'Edit details' }).click();
    await other.getByLabel('Description').fill('Overwritten?');
    await other.getByRole('button', { name: 'Save' }).click();
    await expect(other.getByRole('dialog').getByTestId('conflict-changes')).toContainText(newTitle);
    await other.getByRole('button', { name: 'Discard mine' }).click();
    await expect(other.getByRole('heading', { level: 1, name: newTitle })).toBeVisible();
    await expect(other.getByRole('button', { name: 'Edit details' })).toBeVisible(); // the form is closed
    await expect(other.getByRole('paragraph').filter({ hasText: 'Pallets wait on the dock in summer.' })).toBeVisible();
    await expect(other.getByText('Overwritten?')).toHaveCount(0);
  });
});
