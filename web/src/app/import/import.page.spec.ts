import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Api } from '../api/api';
import { ImportPage } from './import.page';
import type { ImportReport } from './import-file';

const report = (dryRun: boolean, problems: ImportReport['problems']): ImportReport => ({
  dryRun, imported: !dryRun, rows: 2, risks: 2, solutions: 0, riskIds: dryRun ? [] : ['r1', 'r2'], solutionIds: [], problems,
});
const response = (status: number) => new Response(null, { status });

/** The import page against a fake API: dry run first, import only once clean. */
describe('ImportPage', () => {
  const sent: { format: string; content: string; dryRun?: boolean }[] = [];
  let answer: ImportReport;
  const fakeApi = {
    intake: {
      POST: async (_path: string, init: { body: { format: string; content: string; dryRun?: boolean } }) => {
        sent.push(init.body);
        return { data: init.body.dryRun ? answer : report(false, []), response: response(init.body.dryRun ? 200 : 201) };
      },
    },
  };

  async function render() {
    await TestBed.configureTestingModule({
      imports: [ImportPage],
      providers: [provideRouter([]), { provide: Api, useValue: fakeApi }],
    }).compileComponents();
    const fixture = TestBed.createComponent(ImportPage);
    await fixture.whenStable();
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  async function pick(fixture: { whenStable(): Promise<unknown> }, element: HTMLElement, file: File) {
    const input = element.querySelector('input[type="file"]') as HTMLInputElement;
    const files = new DataTransfer();
    files.items.add(file);
    input.files = files.files;
    input.dispatchEvent(new Event('change'));
    for (let i = 0; i < 20 && !sent.length; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  const importButton = (element: HTMLElement) =>
    [...element.querySelectorAll('button')].find((b) => b.textContent?.trim().endsWith('Import')) as HTMLButtonElement;

  beforeEach(() => (sent.length = 0));

  it('checks the file first and lists its problems by row and column, with Import disabled', async () => {
    answer = report(true, [{ line: 3, field: 'category', reason: 'not a category' }]);
    const { fixture, element } = await render();
    expect(importButton(element).disabled).toBe(true);
    await pick(fixture, element, new File(['title\nx\n'], 'risks.csv'));
    expect(sent).toEqual([{ format: 'csv', content: btoa('title\nx\n'), dryRun: true }]);
    const cells = [...element.querySelectorAll('table td')].map((td) => td.textContent?.trim());
    expect(cells).toEqual(['3', 'category', 'not a category']);
    expect(importButton(element).disabled).toBe(true);
  });

  it('offers Import once the check is clean, and imports all of it', async () => {
    answer = report(true, []);
    const { fixture, element } = await render();
    await pick(fixture, element, new File(['title\nx\n'], 'risks.csv'));
    expect(element.querySelector('[data-testid="import-check"]')?.textContent).toContain('is clean: 2 risks');
    expect(importButton(element).disabled).toBe(false);
    importButton(element).click();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    expect(sent.at(-1)).toEqual({ format: 'csv', content: btoa('title\nx\n'), dryRun: false });
    expect(element.querySelector('[data-testid="import-result"]')?.textContent).toContain('Imported 2 risks');
  });

  it('refuses a file that is neither CSV nor XLSX, without sending it', async () => {
    const { fixture, element } = await render();
    const input = element.querySelector('input[type="file"]') as HTMLInputElement;
    const files = new DataTransfer();
    files.items.add(new File(['x'], 'risks.xls'));
    input.files = files.files;
    input.dispatchEvent(new Event('change'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('is not a .csv or .xlsx file');
    expect(sent).toEqual([]);
  });
});
