import { formatOf, problemsOfRefusal, sortedProblems, toBase64 } from './import-file';

describe('an import file', () => {
  it('is CSV or XLSX by its name', () => {
    expect(formatOf('risks.CSV')).toBe('csv');
    expect(formatOf('register.2026.xlsx')).toBe('xlsx');
    expect(formatOf('risks.xls')).toBeNull();
    expect(formatOf('risks')).toBeNull();
  });

  it('is sent base64-encoded, byte for byte (UTF-8 and all)', () => {
    const bytes = new TextEncoder().encode('title\nSée “x”\n');
    expect(toBase64(bytes)).toBe(btoa(String.fromCharCode(...bytes)));
    const big = new Uint8Array(100_000).map((_, i) => i % 256);
    expect(atob(toBase64(big)).length).toBe(100_000);
    expect(atob(toBase64(big)).charCodeAt(65_537)).toBe(65_537 % 256);
  });

  it('a refused import lists each problem by line and column, in file order', () => {
    const body = {
      message: 'The request is not valid',
      errors: [
        { field: 'category', in: 'body', reason: 'line 4: not one of strategic, ...', line: 4 },
        { field: 'title', in: 'body', reason: 'line 2: required', line: 2 },
        { field: 'content', in: 'body', reason: 'not base64' },
      ],
    };
    expect(sortedProblems(problemsOfRefusal(body))).toEqual([
      { line: 2, field: 'title', reason: 'required' },
      { line: 4, field: 'category', reason: 'not one of strategic, ...' },
    ]);
    expect(problemsOfRefusal({ message: 'x' })).toEqual([]);
  });
});
