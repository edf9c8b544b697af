import { choose, expect, expectAccessible, screenshot, signIn, test, unique } from './helpers';

test.describe('solutions', () => {
  test('a risk manager registers a solution, changes its status and records a test', async ({ page }) => {
    await signIn(page, 'risk-manager', '/solutions');
    await expect(page.getByRole('heading', { level: 1, name: 'Solutions' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Solutions' })).toBeVisible();
    await expectAccessible(page, 'the solutions (risk manager)');

    await page.getByRole('link', { name: 'New solution' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'New solution' })).toBeVisible();
    await expectAccessible(page, 'the new solution form');
    await screenshot(page, 'solution-new');

    // Checks from the contract, before anything is sent.
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.getByText('Required').first()).toBeVisible();

    const title = unique('Second-source resin qualification');
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Description').fill('Qualify a second resin supplier for the pouch line.');
    await choose(page, 'Division', 'Local');
    await choose(page, 'Kind', 'Preventive');
    await page.getByLabel('Design effectiveness (%)').fill('70');
    await page.getByRole('button', { name: 'Register' }).click();

    await expect(page).toHaveURL(/\/solutions\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByTestId('solution-status')).toHaveText('Planned');
    await expect(page.getByText('No risk you may read is linked to it.')).toBeVisible();

    // The status, sent with the version read (If-Match).
    await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Start work' }).click();
    await expect(page.getByTestId('solution-status')).toHaveText('In progress');
    await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Mark active' }).click();
    await expect(page.getByTestId('solution-status')).toHaveText('Active');
    await expect(page.getByRole('button', { name: 'Mark degraded' })).toBeVisible();

    // A test result comes with its date: the API's rule, its reason next to the field.
    await choose(page, 'Test result', 'Passed');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await page.getByLabel('Tested on').fill('11/20/2026');
    await page.getByLabel('Next test due').fill('5/20/2027');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('solution-test')).toContainText('Passed on Nov 20, 2026');
    await expectAccessible(page, 'the solution page (risk manager)');
    await screenshot(page, 'solution-detail');

    // The list finds it, with its status; the view is in the URL.
    await page.goto(`/solutions?q=${encodeURIComponent('resin qualification')}&status=active`);
    const row = page.getByRole('row', { name: new RegExp(title) });
    await expect(row).toBeVisible();
    await expect(row).toContainText('Active');
    await expect(page.getByRole('combobox', { name: 'Status' })).toContainText('Active');
    await screenshot(page, 'solutions');
  });

  test('a stale change is refused with If-Match, shown, and the solution reloaded', async ({ page, context }) => {
    await signIn(page, 'risk-manager', '/solutions/new');
    const title = unique('Stale solution');
    await page.getByLabel('Title').fill(title);
    await choose(page, 'Division', 'Local');
    await choose(page, 'Kind', 'Mitigating');
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.getByTestId('solution-status')).toHaveText('Planned');
    const other = await context.newPage();
    await other.goto(page.url());
    await expect(other.getByTestId('solution-status')).toHaveText('Planned');

    await page.getByRole('button', { name: 'Mark active' }).click();
    await expect(page.getByTestId('solution-status')).toHaveText('Active');
    await other.getByRole('button', { name: 'Start work' }).click();
    await expect(other.getByRole('alert')).toContainText('Someone changed this solution since you opened it');
    await expect(other.getByTestId('solution-status')).toHaveText('Active');
  });
});
