// Time from navigation to an interactive register page of 20 rows, measured in the
// browser (Debian's Chromium, never a downloaded one), against the running app.
//
//   node bench/register-timing.mjs [--url http://127.0.0.1:4200] [--role analyst] [--runs 10]
//
// Signs in as the seeded user of the role the way the end-to-end tests do (e2e/helpers.ts
// signIn: the sign-in form; Amplify keeps the tokens in localStorage; the analyst's LOCAL
// subtree holds no demo risk, so benchmarks/web.py passes --role executive), then navigates
// `runs` + 1 times to /risks?size=20 in a fresh page and discards the first (warm-up):
//   warm  - the signed-in browser context: the HTTP cache holds the app's hashed files
//   cold  - a new context per run with the same session storage and an empty HTTP cache
// Each time is performance.now() (from navigation start) when a MutationObserver first
// sees 20 register rows laid out; Playwright then checks the first row takes a click.
// The floor is the same navigation, in the same cache mode, to the sign-in page (no API
// call): until its heading and button are there. Prints one JSON object (milliseconds).
import { parseArgs } from 'node:util';
import { chromium } from 'playwright';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.WEB_URL ?? 'http://127.0.0.1:4200' },
    role: { type: 'string', default: 'analyst' },
    runs: { type: 'string', default: '10' },
  },
});
const RUNS = Number(values.runs);
const ROWS = 20;
const EMAIL = `${values.role}@riskplatform.local`;
const PASSWORD = 'Local-Passw0rd-1';
const REGISTER = `/risks?size=${ROWS}`;
const SIGN_IN = '/sign-in';

// Runs in the page before the app: records when the page is first ready.
function watchReady({ rows }) {
  const ready = {
    register: () => {
      const found = document.querySelectorAll('table[aria-label="Risks"] tr.row');
      return found.length >= rows && found[0].getBoundingClientRect().height > 0;
    },
    signIn: () =>
      [...document.querySelectorAll('h1')].some((h) => h.textContent?.trim() === 'Sign in') &&
      [...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Sign in'),
  };
  const check = () => {
    for (const [name, test] of Object.entries(ready)) {
      if (window.__ready?.[name] === undefined && test()) {
        window.__ready = { ...window.__ready, [name]: performance.now() };
      }
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
}

async function signIn(context) {
  const page = await context.newPage();
  await page.goto('/risks');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-user').filter({ hasText: EMAIL }).waitFor();
  // How many risks the register holds for this user: fewer than 20 cannot fill a page.
  const total = await page.evaluate(async () => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('CognitoIdentityServiceProvider.') && k.endsWith('.idToken'));
    const answer = await fetch('/api/intake/risks?limit=1', { headers: { Authorization: localStorage.getItem(key ?? '') ?? '' } });
    return (await answer.json()).total;
  });
  await page.close();
  return total;
}

/** One navigation in a fresh page: ms from navigation start until the page is ready. */
async function time(context, path, name) {
  const page = await context.newPage();
  try {
    await page.goto(path);
    await page.waitForFunction((n) => window.__ready?.[n] !== undefined, name, { timeout: 30_000 });
    if (name === 'register') await page.locator('table[aria-label="Risks"] tr.row').first().click({ trial: true });
    return await page.evaluate((n) => window.__ready[n], name);
  } finally {
    await page.close();
  }
}

/** `runs` + 1 navigations, the first discarded: in `context` (warm) or, when it is a
 * function, in a new context from it each time (cold). */
async function series(context, path, name) {
  const times = [];
  for (let run = 0; run <= RUNS; run++) {
    const used = typeof context === 'function' ? await context() : context;
    const took = await time(used, path, name);
    if (run > 0) times.push(took);
    if (used !== context) await used.close();
  }
  return times;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROME_BIN ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
try {
  const options = { baseURL: values.url, viewport: { width: 1366, height: 900 }, locale: 'en-US', timezoneId: 'UTC' };
  const fresh = async (state) => {
    const context = await browser.newContext({ ...options, storageState: state });
    await context.addInitScript(watchReady, { rows: ROWS });
    return context;
  };
  const session = await fresh(undefined);
  const total = await signIn(session);
  if (total < ROWS) throw new Error(`${EMAIL} sees ${total} risks: fewer than the ${ROWS} rows of a page`);
  const state = await session.storageState();
  const anonymous = await fresh(undefined);
  const result = {
    user: EMAIL,
    risks: total,
    rows: ROWS,
    runs: RUNS,
    warm: {
      register: await series(session, REGISTER, 'register'),
      floor: await series(anonymous, SIGN_IN, 'signIn'),
    },
    cold: {
      register: await series(() => fresh(state), REGISTER, 'register'),
      floor: await series(() => fresh(undefined), SIGN_IN, 'signIn'),
    },
  };
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
