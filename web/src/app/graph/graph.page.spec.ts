import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { Api } from '../api/api';
import type { DivisionExposure, Elements, Paths } from './graph-elements';
import { GraphPage, matchingDivisions } from './graph.page';
import { treeOrder } from '../shared/divisions.service';
import type { Division } from '../api/api';

const node = (id: string, type: string, label: string) => ({ data: { id, type, label, level: null, properties: {} } });
const edge = (id: string, source: string, target: string, type: string) => ({ data: { id, type, source, target } });

// Reagents (d) — SELLS → PCR Mix (p) — DEPENDS_ON → Enzymatics (s); PCR Mix — MADE_AT → Vilnius (v).
const ELEMENTS: Elements = {
  nodes: [node('s', 'Supplier', 'Enzymatics'), node('p', 'Product', 'PCR Mix'), node('v', 'Site', 'Vilnius'), node('d', 'Division', 'Reagents')],
  edges: [edge('e1', 'p', 's', 'DEPENDS_ON'), edge('e2', 'p', 'v', 'MADE_AT'), edge('e3', 'd', 'p', 'SELLS')],
};
const ok = (status = 200) => new Response(null, { status });
const exposure = (risks: number, total: number, worst: number | null) => ({ risks, total, worst });

/** The explorer against a fake graph API, opened at a URL: the paths and a division's
 * exposure it asks for and how it shows them. */
describe('GraphPage', () => {
  let answers: Record<string, unknown>;
  const asked: { path: string; params: unknown }[] = [];
  const fakeApi = {
    graph: {
      GET: async (path: string, init: { params: unknown }) => {
        asked.push({ path, params: init.params });
        return { data: answers[path], response: ok() };
      },
    },
    intake: { GET: async () => ({ data: { items: [] }, response: ok() }) },
  };

  async function open(url: string) {
    await TestBed.configureTestingModule({
      imports: [GraphPage],
      providers: [provideRouter([]), { provide: Api, useValue: fakeApi }],
    }).compileComponents();
    await TestBed.inject(Router).navigateByUrl(url);
    const fixture = TestBed.createComponent(GraphPage);
    for (let i = 0; i < 3; i++) {
      await fixture.whenStable();
      await new Promise((resolve) => setTimeout(resolve));
    }
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }
  const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  beforeEach(() => {
    asked.length = 0;
    answers = {};
  });

  it('asks for the paths between the two ends in the URL and lists each as text, with the cut flagged', async () => {
    const paths: Paths = { source: 's', target: 'v', paths: [['s', 'p', 'v']], elements: ELEMENTS, truncated: true };
    answers['/graph/paths'] = paths;
    const { element } = await open('/?from=s&to=v');
    expect(asked).toEqual([{ path: '/graph/paths', params: { query: { from: 's', to: 'v' } } }]);
    const panel = element.querySelector('[data-testid="graph-paths"]');
    expect(text(panel?.querySelector('h2') ?? null)).toBe('Paths from Enzymatics to Vilnius');
    expect([...(panel?.querySelectorAll('ol li') ?? [])].map(text)).toEqual([
      'Enzymatics (Supplier) ← depends on — PCR Mix (Product) — made at → Vilnius (Site)',
    ]);
    expect(panel?.querySelector('[data-testid="paths-truncated"]')).not.toBeNull();
    expect(panel?.querySelector('[data-testid="paths-none"]')).toBeNull();
    expect(element.querySelectorAll('[data-testid="graph-table"] tbody tr').length).toBe(4);
  });

  it('says so when the two ends do not connect', async () => {
    answers['/graph/paths'] = { source: 's', target: 'x', paths: [], elements: { nodes: [ELEMENTS.nodes[0]], edges: [] }, truncated: false };
    const { element } = await open('/?from=s&to=x');
    const panel = element.querySelector('[data-testid="graph-paths"]');
    expect(text(panel?.querySelector('[data-testid="paths-none"]') ?? null)).toMatch(/^No path/);
    expect(panel?.querySelector('ol')).toBeNull();
    expect(panel?.querySelector('[data-testid="paths-truncated"]')).toBeNull();
  });

  it('asks for nothing with one end of the paths only', async () => {
    await open('/?from=s');
    expect(asked).toEqual([]);
  });

  it("shows a division's exposure as the ranked table the API gives", async () => {
    const answer: DivisionExposure = {
      division: 'd',
      dependencies: [
        { id: 'v', type: 'Site', label: 'Vilnius', products: ['p'], exposure: exposure(2, 30, 18) },
        { id: 's', type: 'Supplier', label: 'Enzymatics', products: ['p'], exposure: exposure(1, 9, 9) },
      ],
      exposure: exposure(3, 39, 18),
      elements: ELEMENTS,
      truncated: false,
    };
    answers['/graph/divisions/{division_id}/exposure'] = answer;
    const { element } = await open('/?division=d');
    expect(asked).toEqual([{ path: '/graph/divisions/{division_id}/exposure', params: { path: { division_id: 'd' } } }]);
    const panel = element.querySelector('[data-testid="graph-exposure"]');
    expect(text(panel?.querySelector('h2') ?? null)).toBe('Exposure of Reagents');
    expect(text(panel?.querySelector('[data-testid="exposure-risks"]') ?? null)).toBe('3');
    const rows = [...(panel?.querySelectorAll('tbody tr') ?? [])].map((tr) => [...tr.children].map(text));
    expect(rows).toEqual([
      ['Vilnius Site for PCR Mix', '2', '30', '18'],
      ['Enzymatics Supplier for PCR Mix', '1', '9', '9'],
    ]);
  });
});

describe('matchingDivisions', () => {
  const division = (id: string, name: string, code: string, parentId: string | null) =>
    ({ id, name, code, parentId }) as Division;
  const tree = treeOrder([
    division('ls', 'Life Sciences', 'LS', null),
    division('mb', 'Molecular Biology Reagents', 'MBR', 'ls'),
    division('dx', 'Diagnostics', 'DX', null),
    division('mdx', 'Molecular Diagnostics', 'MDX', 'dx'),
  ]);

  it('finds the divisions whose name or code holds the text, in any case, named by their path', () => {
    expect(matchingDivisions(tree, 'molecular', 5)).toEqual([
      { id: 'mdx', type: 'Division', label: 'Diagnostics / Molecular Diagnostics' },
      { id: 'mb', type: 'Division', label: 'Life Sciences / Molecular Biology Reagents' },
    ]);
    expect(matchingDivisions(tree, 'mbr', 5).map((f) => f.id)).toEqual(['mb']);
  });

  it('gives at most the number asked for', () => {
    expect(matchingDivisions(tree, 's', 2)).toHaveLength(2);
  });
});
