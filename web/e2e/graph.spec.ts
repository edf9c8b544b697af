import path from 'node:path';
import { SCREENSHOTS, expect, expectAccessible, screenshot, signIn, test } from './helpers';

test.describe('the graph explorer', () => {
  test('a supplier found by search shows the divisions it reaches, and a risk in it opens its page', async ({ page }) => {
    await signIn(page, 'executive', '/graph');
    await expect(page.getByRole('heading', { level: 1, name: 'Graph explorer' })).toBeVisible();
    await expectAccessible(page, 'the graph explorer, empty');

    // Find a demo supplier and draw its neighbourhood (its id goes in the URL).
    await page.getByLabel('Find a risk, product, supplier or site').fill('Enzymatics');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: /^Supplier Enzymatics Bio GmbH/ }).click();
    await expect(page).toHaveURL(/entity=[0-9a-f-]{36}/);
    const table = page.getByTestId('graph-table');
    await expect(table.getByRole('row', { name: /Enzymatics Bio GmbH Supplier/ })).toBeVisible();
    await expect(table.getByRole('row', { name: /Product/ }).first()).toBeVisible();
    await expect(page.getByTestId('graph-canvas').locator('canvas').first()).toBeVisible();

    // Its impact reaches the divisions selling what is made with it.
    await expect(page.getByTestId('graph-selected')).toContainText('Enzymatics Bio GmbH');
    await page.getByRole('button', { name: 'Show impact' }).click();
    const impact = page.getByTestId('graph-impact');
    await expect(impact.getByRole('heading', { name: 'Impact of Enzymatics Bio GmbH' })).toBeVisible();
    await expect(impact.getByRole('listitem').filter({ hasText: 'Division' }).first()).toBeVisible();
    await expect(table.getByRole('row', { name: /Division/ }).first()).toBeVisible();
    expect(Number(await page.getByTestId('impact-risks').textContent())).toBeGreaterThan(0);
    await expectAccessible(page, 'the graph explorer with an impact');
    await screenshot(page, 'graph');
    await page.getByTestId('graph-canvas').screenshot({ path: path.join(SCREENSHOTS, 'graph-drawing.png') });

    // Concentration: the suppliers ranked, one opened in the graph.
    await page.getByRole('button', { name: 'Rank', exact: true }).click();
    await expect(page.getByTestId('graph-concentration').getByRole('listitem').first()).toBeVisible();

    // A risk in the drawing opens its page.
    const risk = table.getByRole('row', { name: /Risk/ }).first().getByRole('link');
    const title = (await risk.textContent())!.trim();
    await risk.click();
    await expect(page).toHaveURL(/\/risks\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

    // And back into the graph from the risk's page.
    await page.getByRole('link', { name: 'Show in graph' }).click();
    await expect(page).toHaveURL(/\/graph\?entity=[0-9a-f-]{36}/);
    await expect(table.getByRole('row', { name: new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })).toBeVisible();
  });
});
