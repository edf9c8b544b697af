import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import type { Locator, Page } from '@playwright/test';
import { choose, expect, expectAccessible, screenshot, signIn, test } from './helpers';

/** The plot area inside a heat map's element, in pixels (HEATMAP_GRID in
 * src/app/dashboards/dashboard-charts.ts): where a cell is drawn follows from it. */
const GRID = { left: 56, right: 12, top: 12, bottom: 48 };
const BASES = ['current', 'inherent', 'target'] as const;

interface Cell {
  basis: (typeof BASES)[number];
  likelihood: number;
  impact: number;
  count: number;
}

/** The first cell that holds risks (the current heat map's if any), read from the table
 * that goes with each heat map. */
async function cellWithRisks(page: Page): Promise<Cell> {
  for (const basis of BASES) {
    const card = page.getByTestId(`heatmap-${basis}`).first();
    await card.getByText('As a table').click();
    const link = card.getByRole('link', { name: /^Likelihood \d+, impact \d+: \d+ risks?$/ }).first();
    if (await link.count()) {
      const [likelihood, impact, count] = ((await link.getAttribute('aria-label')) ?? '').match(/\d+/g)!.map(Number);
      return { basis, likelihood, impact, count };
    }
  }
  throw new Error('no heat map holds a risk');
}

/** The rows of a CSV file (RFC 4180: quoted fields may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      endField();
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else {
      field += c;
    }
  }
  if (field || row.length) endRow();
  return rows;
}

/** The files in a ZIP archive (an XLSX workbook is one), by name, read from its central
 * directory: stored or deflated entries, as Excel and its peers write them. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end, 'the end of a ZIP central directory').toBeGreaterThan(0);
  const files = new Map<string, Buffer>();
  let at = zip.readUInt32LE(end + 16);
  for (let n = zip.readUInt16LE(end + 10); n > 0; n--) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const [method, size] = [zip.readUInt16LE(at + 10), zip.readUInt32LE(at + 20)];
    const [nameLength, extraLength, commentLength] = [zip.readUInt16LE(at + 28), zip.readUInt16LE(at + 30), zip.readUInt16LE(at + 32)];
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(data) : data);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** Clicks a cell where the chart draws it: impact across, likelihood up. */
async function clickCell(chart: Locator, cell: Cell): Promise<void> {
  const size = Number(await chart.getAttribute('data-size'));
  const box = (await chart.boundingBox())!;
  const width = (box.width - GRID.left - GRID.right) / size;
  const height = (box.height - GRID.top - GRID.bottom) / size;
  await chart.click({
    position: { x: GRID.left + (cell.impact - 0.5) * width, y: GRID.top + (size - cell.likelihood + 0.5) * height },
  });
}

test.describe('the dashboards', () => {
  test('an analyst sees the heat maps and the summary, and a cell opens the register filtered to it', async ({ page }) => {
    await signIn(page, 'analyst', '/dashboards');
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboards' })).toBeVisible();
    for (const basis of BASES) {
      await expect(page.getByTestId(`heatmap-chart-${basis}`).first().locator('canvas').first()).toBeVisible();
    }
    await expect(page.getByRole('heading', { name: /^Inherent · \d+ risks$/ }).first()).toBeVisible();
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await expectAccessible(page, 'the heat maps');
    await screenshot(page, 'dashboards-heatmaps');

    // The summary, the rollup and the mitigation, each a tab in the URL.
    const tabs = page.getByRole('navigation', { name: 'Dashboards' });
    await tabs.getByRole('link', { name: 'Executive summary' }).click();
    await expect(page).toHaveURL(/tab=summary/);
    await expect(page.getByTestId('summary-figures')).toContainText('Open risks');
    const top = page.getByRole('table', { name: 'Top risks' });
    await expect(top.getByRole('row').nth(1)).toBeVisible();
    await expectAccessible(page, 'the executive summary');
    await screenshot(page, 'dashboards-summary');
    await tabs.getByRole('link', { name: 'Divisions' }).click();
    await expect(page).toHaveURL(/tab=divisions/);
    await expect(page.getByTestId('rollup-table').getByRole('row', { name: /Local/ }).first()).toBeVisible();
    await expect(page.getByTestId('rollup-chart').locator('canvas').first()).toBeVisible();
    await screenshot(page, 'dashboards-divisions');
    await tabs.getByRole('link', { name: 'Mitigation' }).click();
    await expect(page.getByTestId('mitigation-figures')).toContainText('have an active tested control');
    await expect(page.getByTestId('mitigation-chart').locator('canvas').first()).toBeVisible();
    await expectAccessible(page, 'the mitigation dashboard');
    await screenshot(page, 'dashboards-mitigation');

    // Back to the heat maps: a cell that holds risks opens them in the register.
    await tabs.getByRole('link', { name: 'Heat maps' }).click();
    await expect(page).not.toHaveURL(/tab=/);
    await expect(page.getByTestId('heatmap-chart-current').first().locator('canvas').first()).toBeVisible();
    const cell = await cellWithRisks(page);
    await clickCell(page.getByTestId(`heatmap-chart-${cell.basis}`).first(), cell);

    await expect(page).toHaveURL(new RegExp(`/risks\\?basis=${cell.basis}&likelihood=${cell.likelihood}&impact=${cell.impact}$`));
    await expect(page.getByTestId('cell-filter')).toContainText(
      `Heat map: ${cell.basis} · likelihood ${cell.likelihood} × impact ${cell.impact}`,
    );
    const table = page.getByRole('table', { name: 'Risks' });
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await expect(table.getByRole('row')).toHaveCount(Math.min(cell.count, 20) + 1);
    await expect(page.locator('.mat-mdc-paginator-range-label')).toHaveText(new RegExp(`of ${cell.count}\\s*$`));
    for (const place of await table.getByRole('cell', { name: /^\d+ × \d+$/ }).allTextContents()) {
      expect(place.trim()).toBe(`${cell.likelihood} × ${cell.impact}`);
    }
    expect(await table.getByRole('cell', { name: /^\d+ × \d+$/ }).count()).toBe(Math.min(cell.count, 20));
    await expectAccessible(page, 'the register on a heat-map cell');
    await screenshot(page, 'register-heatmap-cell');

    // The cell's risks as a file: every one of them, each in that cell.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('cell-filter').getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^risks-${cell.basis}-L${cell.likelihood}-I${cell.impact}-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
    );
    const [header, ...rows] = parseCsv(await readFile((await download.path())!, 'utf8'));
    expect(rows).toHaveLength(cell.count);
    const [l, i] = [header.indexOf(`${cell.basis}Likelihood`), header.indexOf(`${cell.basis}Impact`)];
    expect(l).toBeGreaterThanOrEqual(0);
    for (const row of rows) expect([row[l], row[i]]).toEqual([String(cell.likelihood), String(cell.impact)]);

    // Back and forward through the history; removing the chip returns to the whole register.
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboards' })).toBeVisible();
    await page.goForward();
    await page.getByRole('button', { name: 'Remove the heat-map filter' }).click();
    await expect(page).toHaveURL(/\/risks$/);
    await expect(page.getByTestId('cell-filter')).toHaveCount(0);
    await expect(table.getByRole('columnheader', { name: 'Updated' })).toBeVisible();
  });

  test('an analyst follows the trends over a range in the URL, as charts and as a table', async ({ page }) => {
    await signIn(page, 'analyst', '/dashboards');
    await page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link', { name: 'Trends' }).click();
    await expect(page).toHaveURL(/tab=trends/);
    for (const chart of ['trend-levels-chart', 'trend-breaches-chart', 'trend-movements-chart']) {
      await expect(page.getByTestId(chart).locator('canvas').first()).toBeVisible();
    }
    const days = page.getByTestId('trend-table');
    await days.getByText('The trend as a table').click();
    await expect(days.locator('tbody tr')).toHaveCount(30);
    await expectAccessible(page, 'the trends');
    await screenshot(page, 'dashboards-trends');

    // A longer range: in the URL, and one row a day ending today.
    await choose(page, 'Range', 'Last 90 days');
    await expect(page).toHaveURL(/range=90/);
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await expect(days.locator('tbody tr')).toHaveCount(90);
    const today = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    await expect(page.getByTestId('trend-range')).toContainText(`to ${today}`);
    await expect(days.locator('tbody tr').last().locator('th')).toHaveText(today);
    // Each day's levels add up to its open risks.
    const counts = await days.locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => Number(cell.textContent))),
    );
    for (const [low, medium, high, critical, unscored, open] of counts) expect(low + medium + high + critical + unscored).toBe(open);
    const movements = page.getByTestId('trend-movements');
    await movements.getByText('As a table').click();
    await expect(movements.getByRole('rowheader', { name: 'All' })).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('trend-levels-chart').locator('canvas').first()).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Range' })).toContainText('Last 90 days');
  });

  test('an executive looks at the figures as of an earlier day, and back at today', async ({ page }) => {
    await signIn(page, 'executive', '/dashboards?tab=summary');
    const openRisks = page.getByTestId('summary-figures').locator('.figure').first().locator('.value');
    await expect(openRisks).toHaveText(/^\d+$/);
    await expect(page.getByTestId('as-of')).toHaveText('Figures as they stand now');

    // A week ago, typed into the date picker as the locale writes dates.
    const day = new Date(Date.now() - 7 * 86_400_000);
    const iso = day.toISOString().slice(0, 10);
    const [summary] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/reporting/reports/summary?') && r.url().includes(`asOf=${iso}`)),
      page.getByRole('textbox', { name: 'As of' }).fill(day.toLocaleDateString('en-US', { timeZone: 'UTC' })),
      page.getByRole('textbox', { name: 'As of' }).press('Enter'),
    ]);
    expect(summary.status()).toBe(200);
    await expect(page).toHaveURL(new RegExp(`asOf=${iso}`));
    const shown = day.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    await expect(page.getByTestId('as-of')).toContainText(`Figures as of the end of ${shown} (UTC)`);
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    const thenOpen = Number(await openRisks.textContent());
    expect(thenOpen).toBe(((await summary.json()) as { totals: { risks: number } }).totals.risks);
    await expectAccessible(page, 'the summary as of a day');
    await screenshot(page, 'dashboards-as-of');

    // The trends end on that day, and agree with the summary on it.
    await page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link', { name: 'Trends' }).click();
    await expect(page).toHaveURL(new RegExp(`asOf=${iso}`));
    await expect(page.getByTestId('trend-range')).toContainText(`to ${shown}`);
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    if (thenOpen === 0 && (await page.getByTestId('trends-empty').count())) {
      await expect(page.getByTestId('trends-empty')).toHaveText('No open risks in view in this range.');
    } else {
      const days = page.getByTestId('trend-table');
      await days.getByText('The trend as a table').click();
      const last = days.locator('tbody tr').last();
      await expect(last.locator('th')).toHaveText(shown);
      await expect(last.locator('td').nth(5)).toHaveText(String(thenOpen));
    }
    await expectAccessible(page, 'the trends as of a day');

    // Back to today: the as-of day leaves the URL, the figures are now's.
    await page.getByRole('button', { name: 'Back to today' }).click();
    await expect(page).not.toHaveURL(/asOf=/);
    await expect(page.getByTestId('as-of')).toHaveText('Figures as they stand now');
    await expect(page.getByRole('textbox', { name: 'As of' })).toHaveValue('');
  });

  test("an executive exports the division's risks as a CSV file", async ({ page }) => {
    await signIn(page, 'executive', '/dashboards?tab=summary');
    await expect(page.getByTestId('summary-figures')).toContainText('Open risks');

    // The whole register first, then one division's (in the URL, and in the file's name).
    const exported = async () => {
      await page.getByRole('button', { name: 'Export' }).click();
      const [download, response] = await Promise.all([
        page.waitForEvent('download'),
        page.waitForResponse((r) => r.url().includes('/api/reporting/reports/risks?') && r.url().includes('format=csv')),
        page.getByRole('menuitem', { name: 'The risks in view as CSV' }).click(),
      ]);
      // The file itself, named by the page; or, too large for an answer, a short-lived
      // link of the API's (saved under the API's name).
      const inline = response.status() === 200;
      if (inline) {
        expect(response.headers()['content-type']).toMatch(/^text\/csv/);
      } else {
        expect(response.status()).toBe(201);
        expect(download.url()).toBe(response.headers()['location']);
      }
      // The token travels in the header, never in the URL.
      expect(await response.request().headerValue('authorization')).toBeTruthy();
      expect(response.url()).not.toMatch(/token|authorization/i);
      const rows = parseCsv(await readFile((await download.path())!, 'utf8'));
      return { name: download.suggestedFilename(), rows, url: response.url(), inline };
    };

    const all = await exported();
    expect(all.name).toMatch(all.inline ? /^risks-\d{4}-\d{2}-\d{2}\.csv$/ : /^risks.*\.csv$/);
    expect(all.rows[0].slice(0, 4)).toEqual(['riskId', 'divisionId', 'title', 'category']);
    expect(all.rows.length).toBeGreaterThan(1);
    expect(all.rows.every((row) => row.length === all.rows[0].length)).toBe(true);
    expect(all.url).not.toContain('divisionId');

    await choose(page, 'Division', 'Bioproduction');
    await expect(page).toHaveURL(/division=[0-9a-f-]{36}.*tab=summary|tab=summary.*division=[0-9a-f-]{36}/);
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    const division = new URL(page.url()).searchParams.get('division')!;
    const one = await exported();
    expect(one.url).toContain(`divisionId=${division}`);
    expect(one.name).toMatch(one.inline ? /^risks-BIOP-\d{4}-\d{2}-\d{2}\.csv$/ : /^risks.*\.csv$/);
    expect(one.rows[0]).toEqual(all.rows[0]);
    expect(one.rows.length).toBeGreaterThan(1);
    expect(one.rows.length).toBeLessThan(all.rows.length);
  });

  test("an executive exports the dashboard in view as a workbook and as a PDF", async ({ page }) => {
    await signIn(page, 'executive', '/dashboards?tab=summary');
    await expect(page.getByTestId('summary-figures')).toContainText('Open risks');
    await page.getByRole('button', { name: 'Export' }).click();
    const formats = await page.getByRole('menuitem').allTextContents();
    expect(formats.map((f) => f.trim())).toContain('The summary as CSV');
    await expectAccessible(page, 'the export menu');
    await screenshot(page, 'dashboards-export-menu');

    // The summary as an Excel workbook: a ZIP archive with a sheet for each of its tables.
    // (A binary file comes as a short-lived link of the API's, saved under the API's name;
    // a file in the answer itself is named by the page: summary-<day>.xlsx.)
    const [workbook] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'The summary as Excel (XLSX)' }).click(),
    ]);
    expect(workbook.suggestedFilename()).toMatch(/^summary.*\.xlsx$/);
    const zip = await readFile((await workbook.path())!);
    expect(zip.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
    const files = unzip(zip);
    const sheets = [...(files.get('xl/workbook.xml')?.toString('utf8') ?? '').matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
    expect(sheets).toEqual(expect.arrayContaining(['Totals', 'Top risks', 'Divisions', 'Mitigation']));

    // The heat maps as a PDF document.
    await page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link', { name: 'Heat maps' }).click();
    await expect(page.getByTestId('heatmap-chart-current').first().locator('canvas').first()).toBeVisible();
    await page.getByRole('button', { name: 'Export' }).click();
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'The heat maps as PDF' }).click(),
    ]);
    expect(pdf.suggestedFilename()).toMatch(/^heatmaps.*\.pdf$/);
    const document = await readFile((await pdf.path())!);
    expect(document.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(document.length).toBeGreaterThan(1000);
  });

  test('an executive reviews the risks in breach and the red and amber indicators, and exports the risks above tolerance', async ({ page }) => {
    await signIn(page, 'executive', '/dashboards');
    await page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link', { name: 'Breaches and KRIs' }).click();
    await expect(page).toHaveURL(/tab=breaches/);
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    const inBreach = Number(await page.getByTestId('breach-figures').locator('.figure').first().locator('.value').textContent());
    const breaches = page.getByRole('table', { name: 'Risks above their tolerance' });
    const rows = breaches.locator('tr.mat-mdc-row');
    await expect(page.getByRole('table', { name: 'Key risk indicators at red or amber' })).toBeVisible();
    await expect(page.getByTestId('kri-figures')).toContainText('amber');
    await expectAccessible(page, 'the breaches and KRIs');
    await screenshot(page, 'dashboards-breaches');

    // Every risk listed stands above its tolerance; the first opens its page.
    expect(inBreach).toBeGreaterThan(0);
    await expect(rows).toHaveCount(Math.min(inBreach, 25));
    if (inBreach > 25) await expect(page.getByTestId('breaches-more')).toContainText(`The 25 furthest above their tolerance of`);
    for (const over of await rows.locator('td.mat-column-overTolerance').allTextContents()) expect(over.trim()).toMatch(/^\+[1-9]\d* /);

    // The breaches as a file: the counts, then every risk above its tolerance (a breach,
    // or accepted within its acceptance), each by how much.
    await page.getByRole('button', { name: 'Export' }).click();
    const [download, response] = await Promise.all([
      page.waitForEvent('download'),
      page.waitForResponse((r) => r.url().includes('/api/reporting/reports/breaches?') && r.url().includes('format=csv')),
      page.getByRole('menuitem', { name: 'The risks above tolerance as CSV' }).click(),
    ]);
    expect([200, 201]).toContain(response.status());
    const file = parseCsv(await readFile((await download.path())!, 'utf8'));
    expect(file.slice(0, 2)).toEqual([['Counts'], ['appetiteStatus', 'risks']]);
    const section = file.findIndex((row) => row[0] === 'Above tolerance');
    const [header, ...lines] = file.slice(section + 1).filter((row) => row.length > 1);
    const standing = header.indexOf('appetiteStatus');
    const over = header.indexOf('overTolerance');
    expect(standing).toBeGreaterThanOrEqual(0);
    // (As many as the figure said, give or take what changed since: other runs write risks.)
    expect(lines.filter((line) => line[standing] === 'breach').length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(['breach', 'accepted']).toContain(line[standing]);
      expect(Number(line[over])).toBeGreaterThan(0);
    }

    // Each listed risk links to its page. (The dashboards benchmark's risks live in the
    // reporting read model only, so the link is checked rather than followed.)
    for (const href of await rows.locator('td.mat-column-title a').evaluateAll((links) => links.map((l) => l.getAttribute('href')))) {
      expect(href).toMatch(/^\/risks\/[0-9A-Za-z-]+$/);
    }
  });
});
