import { choose, expect, expectAccessible, openWithKeyboard, screenshot, signIn, test, unique } from './helpers';

test.describe('an analyst', () => {
  test('signs in, captures a risk, assesses it and sees its score explained within seconds, then links a solution', async ({ page, browser }) => {
    // A solution in the analyst's division to link, registered by a risk manager (analysts do not manage solutions).
    const solutionTitle = unique('Seal strength inline check');
    const manager = await browser.newContext();
    const managerPage = await manager.newPage();
    await signIn(managerPage, 'risk-manager', '/solutions/new');
    await managerPage.getByLabel('Title').fill(solutionTitle);
    await choose(managerPage, 'Division', 'Local');
    await choose(managerPage, 'Kind', 'Preventive');
    await managerPage.getByRole('button', { name: 'Register' }).click();
    await expect(managerPage.getByTestId('solution-status')).toHaveText('Planned');
    await manager.close();

    await signIn(page, 'analyst');
    await expect(page.getByRole('heading', { name: 'Register' })).toBeVisible();
    await expectAccessible(page, 'the register (analyst)');

    await page.getByRole('link', { name: 'Capture a risk' }).first().click();
    await expect(page.getByRole('heading', { name: 'Capture a risk' })).toBeVisible();
    await expectAccessible(page, 'the capture form');
    await screenshot(page, 'capture');

    // Client-side checks from the contract, before anything is sent.
    await page.getByRole('button', { name: 'Capture' }).click();
    await expect(page.getByText('Required').first()).toBeVisible();
    await page.getByLabel('Tags').fill('Not A Tag');
    await page.getByLabel('Tags').blur();
    await expect(page.getByText(/Not valid: Not, A, Tag/)).toBeVisible();
    await expectAccessible(page, 'the capture form with errors');
    await screenshot(page, 'capture-errors');

    const title = unique('Sterile barrier seal drift on line 3');
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Description').fill('Seal strength on the pouch line drifts low after maintenance; sterility assurance at risk.');
    await choose(page, 'Division', 'Local');
    await choose(page, 'Category', 'Product safety');
    await page.getByLabel('Tags').fill('sterility, line-3');
    await page.getByRole('button', { name: 'Capture' }).click();

    await expect(page).toHaveURL(/\/risks\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByTestId('not-scored')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Open' })).toBeVisible(); // draft -> open
    await expect(page.getByRole('button', { name: 'Accept' })).toHaveCount(0); // risk managers accept

    await choose(page, 'Likelihood', '4');
    await choose(page, 'Safety impact', '5');
    await choose(page, 'Regulatory impact', '3');
    await page.getByLabel('Justification').fill('Two seal failures in the last quarter.');
    const assessed = Date.now();
    await page.getByRole('button', { name: 'Assess' }).click();

    const panel = page.getByTestId('score-panel');
    await expect(panel.getByTestId('score-inherent')).toContainText('4 × 5', { timeout: 15_000 });
    await expect(panel.getByTestId('score-inherent')).toContainText('20');
    await expect(panel.getByTestId('score-inherent')).toContainText('critical');
    await expect(panel.getByTestId('score-explanation')).toContainText('Likelihood 4');
    await expect(panel.getByTestId('score-explanation')).toContainText('Inherent 4 x 5 = 20');
    const seconds = (Date.now() - assessed) / 1000;
    console.log(`score with its explanation shown ${seconds.toFixed(1)} s after Assess`);
    expect(seconds).toBeLessThan(15);
    await expect(page.getByRole('table', { name: /Assessment history/ })).toContainText('Two seal failures');
    await expectAccessible(page, 'the risk page');
    await screenshot(page, 'risk-detail');

    // The workflow, with the version read as If-Match.
    await page.getByRole('button', { name: 'Open' }).click();
    await expect(page.getByTestId('risk-status')).toHaveText('Open');
    await expect(page.getByRole('button', { name: 'Start mitigating' })).toBeVisible();

    // Link the solution, found by part of its title; then unlink it and link it again.
    const linked = page.getByTestId('linked-solutions');
    await expect(linked).toHaveText('None linked.');
    await page.getByLabel('Link a solution').fill(solutionTitle.slice(0, 40));
    await page.getByRole('option', { name: new RegExp(solutionTitle) }).click();
    await expect(linked.getByRole('link', { name: solutionTitle })).toBeVisible();
    await expect(page.getByRole('table', { name: /Changes to the risk/ })).toContainText('linked · solutions');
    await expectAccessible(page, 'the risk page with a linked solution');
    await page.getByRole('button', { name: `Unlink ${solutionTitle}` }).click();
    await expect(linked).toHaveText('None linked.');
    await page.getByLabel('Link a solution').fill(solutionTitle.slice(0, 40));
    await page.getByRole('option', { name: new RegExp(solutionTitle) }).click();
    await expect(linked.getByRole('link', { name: solutionTitle })).toBeVisible();

    // A second assessment: the score's history is drawn, and said in words.
    await choose(page, 'Likelihood', '2');
    await choose(page, 'Safety impact', '5');
    await page.getByLabel('Justification').fill('Seal checks doubled after maintenance.');
    await page.getByRole('button', { name: 'Assess' }).click();
    await expect(panel.getByTestId('score-inherent')).toContainText('2 × 5', { timeout: 15_000 });
    await expect(panel.getByTestId('score-history-chart')).toBeVisible();
    await expect(panel.getByTestId('score-history-chart')).toHaveAttribute('aria-label', /scores: current residual from 20 to 10\./);

    // The register finds it, and its level chip.
    await page.goto(`/risks?q=${encodeURIComponent('Sterile barrier seal')}&sort=-updatedAt`);
    const row = page.getByRole('row', { name: new RegExp(title) });
    await expect(row).toBeVisible();
    await expect(row).toContainText('high · 10');
    await screenshot(page, 'register-analyst');
  });

  test('captures a risk with the keyboard alone', async ({ page }) => {
    await signIn(page, 'analyst', '/risks/new');
    await expect(page.getByRole('heading', { name: 'Capture a risk' })).toBeVisible();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('formcontrolname') ?? document.activeElement?.tagName);

    // Tab from the top of the page to the first field.
    for (let i = 0; i < 20 && (await focused()) !== 'title'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('title');
    const title = unique('Keyboard-only capture');
    await page.keyboard.type(title);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('description');
    await page.keyboard.type('Captured without a pointer.');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('combobox', { name: 'Division', exact: true })).toBeFocused();
    await openWithKeyboard(page); // on its first division, Local
    await page.keyboard.press('Enter');
    await expect(page.getByRole('listbox')).toHaveCount(0);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('category');
    await openWithKeyboard(page);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter'); // Operational
    await expect(page.getByRole('listbox')).toHaveCount(0);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('ownerEmail');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('treatment');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('reviewDue');
    await page.keyboard.type('12/31/2027');
    await page.keyboard.press('Tab'); // the date picker's button
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('tags');
    await page.keyboard.type('keyboard');
    await page.keyboard.press('Enter'); // submits the form

    await expect(page).toHaveURL(/\/risks\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByText('Operational', { exact: true })).toBeVisible();
    await expect(page.getByText('Dec 31, 2027')).toBeVisible();
  });

  test('the API\'s field errors show next to their fields', async ({ page }) => {
    await signIn(page, 'analyst', '/risks/new');
    // A contract the form cannot check: the API refuses an owner in a domain without a dot.
    await page.route('**/api/intake/risks', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      await route.fulfill({
        status: 422,
        contentType: 'application/json',
        body: JSON.stringify({
          message: 'The request is not valid',
          errors: [{ field: 'ownerEmail', in: 'body', reason: 'no such owner in this division' }],
        }),
      });
    });
    await page.getByLabel('Title').fill('Field errors from the server');
    await page.getByLabel('Description').fill('x');
    await choose(page, 'Division', 'Local');
    await choose(page, 'Category', 'Cyber');
    await page.getByRole('button', { name: 'Capture' }).click();
    await expect(page.getByText('no such owner in this division')).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('The request is not valid');
  });
});
