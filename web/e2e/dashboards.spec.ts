import { readFile } from 'node:fs/promises';
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

  test("an executive exports the division's risks as a CSV file", async ({ page }) => {
    await signIn(page, 'executive', '/dashboards?tab=summary');
    await expect(page.getByTestId('summary-figures')).toContainText('Open risks');

    // The whole register first, then one division's (in the URL, and in the file's name).
    const exported = async () => {
      const [download, response] = await Promise.all([
        page.waitForEvent('download'),
        page.waitForResponse((r) => r.url().includes('/api/reporting/reports/risks?') && r.url().includes('format=csv')),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toMatch(/^text\/csv/);
      // The token travels in the header, never in the URL.
      expect(await response.request().headerValue('authorization')).toBeTruthy();
      expect(response.url()).not.toMatch(/token|authorization/i);
      const rows = parseCsv(await readFile((await download.path())!, 'utf8'));
      return { name: download.suggestedFilename(), rows, url: response.url() };
    };

    const all = await exported();
    expect(all.name).toMatch(/^risks-\d{4}-\d{2}-\d{2}\.csv$/);
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
    expect(one.name).toMatch(/^risks-BIOP-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(one.rows[0]).toEqual(all.rows[0]);
    expect(one.rows.length).toBeGreaterThan(1);
    expect(one.rows.length).toBeLessThan(all.rows.length);
  });
});
