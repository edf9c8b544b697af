import { expect, expectAccessible, retireRisks, screenshot, signIn, test } from './helpers';

/** A word no other run has used, to find this run's risks in the register. */
const marker = `imp${Date.now().toString(36)}`;

const csv = (category2: string) =>
  [
    'division,title,category,owner_email,description,tags',
    `LOCAL,Label printer drift ${marker},operational,analyst@riskplatform.local,Labels misprint lot numbers.,labels;${marker}`,
    `LOCAL,Courier strike ${marker},${category2},analyst@riskplatform.local,Regional courier strike delays shipments.,logistics`,
  ].join('\n') + '\n';

test.describe('import', () => {
  test('an import with a bad row shows the row and column, then a corrected file imports', async ({ page }) => {
    await signIn(page, 'analyst', '/risks');
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Import risks' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
    await expectAccessible(page, 'the import page');

    // A bad category on the file's third line: the dry run says where, nothing is written.
    const input = page.getByLabel('File to import (.csv or .xlsx)');
    await input.setInputFiles({ name: 'risks-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv('transport')) });
    const problems = page.getByRole('table', { name: /Problems in the file/ });
    await expect(problems).toBeVisible();
    const row = problems.getByRole('row').filter({ hasText: 'category' });
    await expect(row.getByRole('cell').nth(0)).toHaveText('3');
    await expect(row.getByRole('cell').nth(1)).toHaveText('category');
    await expect(page.getByTestId('import-check')).toContainText('1 problem in 2 rows');
    await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
    await expectAccessible(page, 'the import page with problems');
    await screenshot(page, 'import-problems');

    // The corrected file: clean, then imported, all of it.
    await input.setInputFiles({ name: 'risks.csv', mimeType: 'text/csv', buffer: Buffer.from(csv('supply_chain')) });
    await expect(page.getByTestId('import-check')).toContainText('risks.csv is clean: 2 risks and 0 solutions to import.');
    await expect(problems).toHaveCount(0);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const result = page.getByTestId('import-result');
    await expect(result).toContainText('Imported 2 risks');
    const ids = await result.getByRole('list', { name: 'The risks imported' }).getByRole('link').allTextContents();
    expect(ids).toHaveLength(2);
    await screenshot(page, 'import-done');

    // The register shows them.
    await page.goto(`/risks?q=${marker}`);
    await expect(page.getByRole('row', { name: new RegExp(`Label printer drift ${marker}`) })).toBeVisible();
    await expect(page.getByRole('row', { name: new RegExp(`Courier strike ${marker}`) })).toContainText('Supply chain');

    await retireRisks(page, ids);
    await page.reload();
    await expect(page.getByRole('row', { name: new RegExp(marker) })).toHaveCount(0);
  });

  test('is not offered to an executive', async ({ page }) => {
    await signIn(page, 'executive', '/risks');
    await expect(page.getByRole('link', { name: 'Import', exact: true })).toHaveCount(0);
    await page.goto('/risks/import');
    await expect(page.getByRole('heading', { level: 1, name: 'Import risks' })).toHaveCount(0);
  });
});
