import type { Page } from '@playwright/test';
import path from 'node:path';
import { SCREENSHOTS, expect, expectAccessible, screenshot, signIn, test } from './helpers';

/** Finds a demo entity with the explorer's search and starts from it. */
async function startFrom(page: Page, text: string, button: RegExp): Promise<void> {
  await page.getByLabel('Find a division, risk, solution, product, supplier, site or owner').fill(text);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('button', { name: button }).click();
  await expect(page).toHaveURL(/entity=[0-9a-f-]{36}/);
}

test.describe('the graph explorer', () => {
  test('a supplier found by search shows the divisions it reaches, and a risk in it opens its page', async ({ page }) => {
    await signIn(page, 'executive', '/graph');
    await expect(page.getByRole('heading', { level: 1, name: 'Graph explorer' })).toBeVisible();
    await expectAccessible(page, 'the graph explorer, empty');

    // Find a demo supplier and draw its neighbourhood (its id goes in the URL).
    await page.getByLabel('Find a division, risk, solution, product, supplier, site or owner').fill('Enzymatics');
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

    // Its owner is drawn beside it, and the owners rank by the serious risks that hang on them.
    const ownerRow = table.getByRole('row', { name: /\S+@\S+ Owner/ }).first();
    await expect(ownerRow).toBeVisible();
    const email = (await ownerRow.getByRole('rowheader').textContent())!.trim();
    await page.getByRole('combobox', { name: 'Rank' }).click();
    await page.getByRole('listbox', { name: 'Rank' }).getByRole('option', { name: 'Owner' }).click();
    await page.getByRole('button', { name: 'Rank', exact: true }).click();
    await expect(page.getByTestId('graph-concentration').getByRole('listitem').first()).toContainText(/^\S+@\S+\s+\d+ serious/);

    // The owner is found by email, and around them are the risks they own.
    await startFrom(page, email.toUpperCase(), new RegExp(`^Owner ${email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    await expect(page.getByTestId('graph-selected')).toContainText(email);
    await expect(table.getByRole('row', { name: /Risk/ }).first()).toBeVisible();
  });

  test('the paths between two demo entities are drawn and listed, and one path of an impact is highlighted', async ({ page }) => {
    await signIn(page, 'executive', '/graph');
    await startFrom(page, 'Enzymatics', /^Supplier Enzymatics Bio GmbH/);
    await expect(page.getByTestId('graph-selected')).toContainText('Enzymatics Bio GmbH');

    // Paths to a site, picked by the same search; both ends go in the URL.
    await page.getByRole('button', { name: 'Paths to…' }).click();
    await page.getByLabel('Paths from Enzymatics Bio GmbH to').fill('Vilnius');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await page.getByRole('list', { name: 'Ends to choose from' }).getByRole('button', { name: /^Site Vilnius Reagent Plant/ }).click();
    await expect(page).toHaveURL(/from=[0-9a-f-]{36}.*to=[0-9a-f-]{36}|to=[0-9a-f-]{36}.*from=[0-9a-f-]{36}/);
    const paths = page.getByTestId('graph-paths');
    await expect(paths.getByRole('heading', { name: 'Paths from Enzymatics Bio GmbH to Vilnius Reagent Plant' })).toBeVisible();
    // Enzymatics ← depends on — a reagent — made at → Vilnius: each path as text.
    const listed = paths.getByRole('list', { name: 'Paths' }).getByRole('listitem');
    await expect(listed.first()).toHaveText(
      /^Enzymatics Bio GmbH \(Supplier\) ← depends on — .+ \(Product\) — made at → Vilnius Reagent Plant \(Site\)$/,
    );
    expect(await listed.count()).toBeGreaterThanOrEqual(2); // the three reagents made at Vilnius
    await expect(page.getByTestId('graph-table').getByRole('row', { name: /Vilnius Reagent Plant Site/ })).toBeVisible();
    await expectAccessible(page, 'the graph explorer with paths');
    await screenshot(page, 'graph-paths');

    // The paths are in the URL: a reload shows them again.
    await page.reload();
    await expect(paths.getByRole('list', { name: 'Paths' }).getByRole('listitem').first()).toContainText('made at → Vilnius');
    await page.getByRole('button', { name: 'Clear the paths' }).click();
    await expect(paths).toHaveCount(0);
    await expect(page).not.toHaveURL(/from=/);

    // A division is an end too, found by its name and listed by its place in the tree.
    await page.getByRole('button', { name: 'Paths to…' }).click();
    await page.getByLabel('Paths from Enzymatics Bio GmbH to').fill('Molecular Biology');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await page
      .getByRole('list', { name: 'Ends to choose from' })
      .getByRole('button', { name: /^Division .+ \/ Molecular Biology Reagents$/ })
      .click();
    // Two hops each: through a product it sells, or a risk of it that the supplier affects.
    const toDivision = paths.getByRole('list', { name: 'Paths' }).getByRole('listitem');
    await expect(
      toDivision.filter({ hasText: /^Enzymatics Bio GmbH \(Supplier\) ← depends on — .+ \(Product\) ← sells — Molecular/ }).first(),
    ).toBeVisible();
    for (const line of await toDivision.allTextContents()) {
      expect(line.trim()).toMatch(/^Enzymatics Bio GmbH \(Supplier\) ← \w[\w ]* — .+ ← \w[\w ]* — Molecular Biology Reagents \(Division\)$/);
    }
    await page.getByRole('button', { name: 'Clear the paths' }).click();
    await expect(paths).toHaveCount(0);

    // The impact's reached divisions: choosing one shows (and highlights) its path.
    await page.getByRole('button', { name: 'Show impact' }).click();
    const impact = page.getByTestId('graph-impact');
    const division = impact.getByRole('button', { name: /^Division Molecular Biology Reagents/ });
    await division.click();
    await expect(division).toHaveAttribute('aria-pressed', 'true');
    await expect(impact.getByTestId('impact-path')).toHaveText(
      /^Enzymatics Bio GmbH \(Supplier\) ← depends on — .+ \(Product\) ← sells — Molecular Biology Reagents \(Division\)$/,
    );
    await expectAccessible(page, 'the graph explorer with one impact path');
  });

  test("a division's exposure through the suppliers and sites it depends on", async ({ page }) => {
    await signIn(page, 'executive', '/graph');
    await startFrom(page, 'Enzymatics', /^Supplier Enzymatics Bio GmbH/);
    await page.getByRole('button', { name: 'Show impact' }).click();
    const table = page.getByTestId('graph-table');
    // Selecting a division in the drawing (here from its table) shows its exposure.
    await table.getByRole('button', { name: 'Expand Molecular Biology Reagents' }).click();
    await expect(page).toHaveURL(/division=[0-9a-f-]{36}/);
    const exposure = page.getByTestId('graph-exposure');
    await expect(exposure.getByRole('heading', { name: 'Exposure of Molecular Biology Reagents' })).toBeVisible();
    const ranked = exposure.getByTestId('exposure-table');
    await expect(ranked.getByRole('row', { name: /^Enzymatics Bio GmbH Supplier/ })).toBeVisible();
    await expect(ranked.getByRole('row', { name: /^Vilnius Reagent Plant Site/ })).toBeVisible();
    await expect(ranked.getByRole('row', { name: /^ColdChain Logistics BV Supplier/ })).toBeVisible();
    expect(Number(await exposure.getByTestId('exposure-risks').textContent())).toBeGreaterThan(0);
    // Ranked: the totals go down.
    const totals = (await ranked.locator('tbody tr td:nth-child(3)').allTextContents()).map(Number);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    await expectAccessible(page, "the graph explorer with a division's exposure");
    await screenshot(page, 'graph-division-exposure');

    // The divisions page links a division's exposure (the graph opened with it alone).
    const id = new URL(page.url()).searchParams.get('division');
    await page.goto(`/divisions?division=${id}`);
    await expect(page.getByTestId('division-details')).toContainText('Molecular Biology Reagents');
    await page.getByRole('link', { name: 'Show its exposure in the graph' }).click();
    await expect(page).toHaveURL(new RegExp(`/graph\\?division=${id}$`));
    await expect(exposure.getByRole('heading', { name: 'Exposure of Molecular Biology Reagents' })).toBeVisible();
    await expect(ranked.getByRole('row', { name: /^Enzymatics Bio GmbH Supplier/ })).toBeVisible();
    await expect(table.getByRole('row', { name: /Molecular Biology Reagents Division/ })).toBeVisible();
    await page.getByRole('button', { name: 'Close the exposure' }).click();
    await expect(exposure).toHaveCount(0);
  });
});
