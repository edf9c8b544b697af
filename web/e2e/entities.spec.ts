import { type Page } from '@playwright/test';
import { choose, expect, expectAccessible, screenshot, signIn, test, unique } from './helpers';

/** A code no other run has used (codes are unique). */
const code = () => `E2E-${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 100)}`;

async function relate(page: Page, relationship: string, name: string): Promise<void> {
  await choose(page, 'Relationship', relationship);
  const other = page.getByRole('form', { name: 'Add a relationship' }).getByRole('combobox').last();
  await other.fill(name.slice(0, 60));
  await page.getByRole('option', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).first().click();
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByTestId('relationships').getByRole('listitem').filter({ hasText: relationship })).toContainText(name);
}

test.describe('products, suppliers and sites', () => {
  test("the toolbar's supply chain button lists each page, and marks where the user is", async ({ page }) => {
    await signIn(page, 'executive', '/risks');
    const main = page.getByRole('navigation', { name: 'Main' });
    const group = main.getByRole('button', { name: 'Supply chain' });
    for (const name of ['Products', 'Suppliers', 'Sites']) {
      await group.click();
      await expect(group).toHaveAttribute('aria-expanded', 'true');
      await main.getByRole('link', { name, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
      await expect(group).toHaveAttribute('aria-expanded', 'false');
      await expect(group).toHaveClass(/active/);
    }
    await group.click();
    await expect(main.getByRole('link', { name: 'Sites', exact: true })).toHaveAttribute('aria-current', 'page');
    await expectAccessible(page, 'the supply chain pages listed');
    await page.keyboard.press('Escape');
    await expect(main.getByRole('link', { name: 'Products', exact: true })).toHaveCount(0);
    await main.getByRole('link', { name: 'Register' }).click();
    await expect(group).not.toHaveClass(/active/);
  });

  test('an analyst registers a product, supplier and site and relates them; the graph link is there', async ({ page }) => {
    await signIn(page, 'analyst', '/suppliers');
    await expect(page.getByRole('heading', { level: 1, name: 'Suppliers' })).toBeVisible();

    // A supplier, with the keyboard alone.
    const supplier = unique('Resin supplier');
    await page.getByRole('button', { name: 'New supplier' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog').getByRole('heading', { name: 'New supplier' })).toBeVisible();
    await expect(page.getByRole('dialog').getByLabel('Name')).toBeFocused();
    await page.keyboard.type(supplier);
    await page.keyboard.press('Tab');
    await page.keyboard.type('de'); // not an ISO code: said before sending
    await page.keyboard.press('Enter');
    await expect(page.getByText('Two capital letters (ISO 3166), e.g. DE')).toBeVisible();
    await expectAccessible(page, 'the new supplier dialog');
    await page.getByRole('dialog').getByLabel('Country').fill('DE');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/suppliers\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: supplier })).toBeVisible();
    await expect(page.getByTestId('relationships')).toHaveText('No relationships yet.');

    // A site.
    await page.goto('/sites');
    const site = unique('Pouch plant');
    await page.getByRole('button', { name: 'New site' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill(site);
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.getByRole('heading', { level: 1, name: site })).toBeVisible();

    // A product: the code's contract is checked before sending.
    await page.goto('/products');
    await expect(page.getByRole('table', { name: 'Products' })).toBeVisible();
    await expectAccessible(page, 'the products (analyst)');
    const product = unique('Sterile pouch');
    const productCode = code();
    await page.getByRole('button', { name: 'New product' }).click();
    await page.getByRole('dialog').getByLabel('Code').fill('lower case');
    await page.getByRole('dialog').getByLabel('Name').fill(product);
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.getByText(/Capitals, digits/)).toBeVisible();
    await page.getByRole('dialog').getByLabel('Code').fill(productCode);
    await page.getByRole('dialog').getByLabel('Description').fill('Sterile barrier pouch, 200 mm.');
    await screenshot(page, 'product-new');
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.getByRole('heading', { level: 1, name: product })).toBeVisible();
    await expect(page.getByText(productCode)).toBeVisible();
    await expect(page.getByRole('link', { name: 'Show in graph' })).toHaveAttribute('href', new RegExp(`/graph\\?entity=${page.url().split('/').pop()}`));

    // Its relationships, each way: depends on the supplier, made at the site, sold by Local.
    await relate(page, 'Depends on supplier', supplier);
    await relate(page, 'Made at site', site);
    await relate(page, 'Sold by division', 'Local');
    await expectAccessible(page, 'the product page (analyst)');
    await screenshot(page, 'product-detail');

    // Removed again: the made-at relationship.
    await page.getByRole('button', { name: `Remove made at site ${site}` }).click();
    await expect(page.getByTestId('relationships')).not.toContainText(site);
    await page.getByRole('button', { name: 'Remove sold by division Local' }).click();
    await expect(page.getByTestId('relationships')).not.toContainText('Sold by division');

    // The supplier's page shows the product that depends on it, and links to it.
    await page.getByRole('link', { name: supplier }).click();
    await expect(page.getByRole('heading', { level: 1, name: supplier })).toBeVisible();
    const supplies = page.getByTestId('relationships').getByRole('listitem').filter({ hasText: 'Supplies product' });
    await expect(supplies.getByRole('link', { name: `${product} (${productCode})` })).toBeVisible();

    // The list finds the product; the search is in the URL.
    await page.goto(`/products?q=${encodeURIComponent(productCode)}`);
    await expect(page.getByRole('row', { name: new RegExp(product) })).toContainText(productCode);
    await expect(page.getByLabel('Search name or code')).toHaveValue(productCode);
    await screenshot(page, 'products');
  });

  test('an executive reads them, with nothing to register or relate', async ({ page }) => {
    await signIn(page, 'executive', '/products');
    await expect(page.getByRole('heading', { level: 1, name: 'Products' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'New product' })).toHaveCount(0);
    await expect(page.getByRole('table', { name: 'Products' }).getByRole('row').nth(1)).toBeVisible();
    await expectAccessible(page, 'the products (executive)');
    await page.getByRole('table', { name: 'Products' }).getByRole('link').first().click();
    await expect(page.getByRole('heading', { level: 2, name: 'Relationships' })).toBeVisible();
    await expect(page.getByRole('form', { name: 'Add a relationship' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Remove / })).toHaveCount(0);
    await expectAccessible(page, 'the product page (executive)');
  });
});
