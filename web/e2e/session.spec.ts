import { email, expect, expectAccessible, PASSWORD, screenshot, signIn, test } from './helpers';

test('a link opened signed out goes to sign in, then back to where it pointed', async ({ page }) => {
  await page.goto('/risks?status=open&sort=title');
  await expect(page).toHaveURL(/\/sign-in\?returnUrl=/);
  await expectAccessible(page, 'the sign-in page');
  await screenshot(page, 'sign-in');
  await page.getByLabel('Email').fill(email('executive'));
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('not right');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/risks\?status=open&sort=title$/);
});

test('a 401 from an API sends the user to sign in and back; sign-out ends the session', async ({ page }) => {
  await signIn(page, 'executive');
  await expect(page.getByRole('table', { name: 'Risks' })).toBeVisible();
  // The session is revoked behind the app's back: the next API call answers 401.
  await page.route('**/api/intake/risks?*', (route) => route.fulfill({ status: 401, body: '{"message":"Unauthorized"}' }), { times: 1 });
  await page.getByRole('combobox', { name: 'Category' }).click();
  await page.getByRole('option', { name: 'Cyber' }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/\/sign-in\?returnUrl=%2Frisks%3Fcategory%3Dcyber/);
  await expect(page.getByText('Your session ended')).toBeVisible();
  await page.getByLabel('Email').fill(email('executive'));
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/risks\?category=cyber$/);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/risks');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('an expired session is renewed with the refresh token, without signing in again', async ({ page }) => {
  await signIn(page, 'executive');
  await expect(page.getByRole('table', { name: 'Risks' })).toBeVisible();
  const idToken = () =>
    page.evaluate(() => Object.entries(localStorage).find(([key]) => key.endsWith('.idToken'))?.[1] ?? '');
  const before = await idToken();
  // (Listening first: a request still in flight may be the one that refreshes.)
  const refresh = page.waitForRequest(
    (request) => request.url().endsWith('/api/cognito') && (request.headers()['x-amz-target'] ?? '').endsWith('GetTokensFromRefreshToken'),
  );
  // Make the stored tokens look two hours old: the next API call must refresh them first.
  await page.evaluate(() => {
    for (const key of Object.keys(localStorage)) {
      if (key.endsWith('.clockDrift')) localStorage.setItem(key, String(2 * 3600 * 1000));
    }
  });
  await page.reload();
  await refresh;
  await expect(page.getByRole('table', { name: 'Risks' }).getByRole('row')).toHaveCount(21);
  await expect(page).toHaveURL(/\/risks$/);
  expect(await idToken()).not.toBe(before);
});
