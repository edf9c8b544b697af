import { convertToParamMap } from '@angular/router';
import {
  Elements, LEVEL_COLOURS, TYPE_STYLES, filterElements, graphQueryParams, graphStyles, impactHighlight, levelOf,
  mergeElements, parseGraphQuery, relationLabel, sortedNodes, walkHighlight, walkText,
} from './graph-elements';

const node = (id: string, type: string, label = id, level: string | null = null) => ({
  data: { id, type, label, level, properties: {} },
});
const edge = (id: string, source: string, target: string, type = 'DEPENDS_ON') => ({ data: { id, type, source, target } });

const SUPPLY: Elements = {
  nodes: [node('s', 'Supplier', 'Enzymatics'), node('p', 'Product', 'PCR Mix'), node('r', 'Risk', 'Single source', 'high')],
  edges: [edge('e1', 'p', 's'), edge('e2', 'r', 's', 'AFFECTS')],
};

describe('merging graph elements', () => {
  it('keeps each node and edge once, the newer data winning, in the order first seen', () => {
    const added: Elements = {
      nodes: [node('p', 'Product', 'PCR Master Mix'), node('d', 'Division', 'Reagents')],
      edges: [edge('e1', 'p', 's'), edge('e3', 'd', 'p', 'SELLS')],
    };
    const merged = mergeElements(SUPPLY, added);
    expect(merged.nodes.map((n) => n.data.id)).toEqual(['s', 'p', 'r', 'd']);
    expect(merged.nodes[1].data.label).toBe('PCR Master Mix');
    expect(merged.edges.map((e) => e.data.id)).toEqual(['e1', 'e2', 'e3']);
  });

  it('drops an edge whose ends are not both there', () => {
    const merged = mergeElements(SUPPLY, { nodes: [], edges: [edge('e9', 'p', 'missing')] });
    expect(merged.edges.map((e) => e.data.id)).toEqual(['e1', 'e2']);
  });

  it('merging nothing changes nothing', () => {
    expect(mergeElements(SUPPLY, { nodes: [], edges: [] })).toEqual(SUPPLY);
  });
});

describe('filtering by type', () => {
  it('keeps the chosen types and the edges between them', () => {
    const kept = filterElements(SUPPLY, ['Supplier', 'Risk']);
    expect(kept.nodes.map((n) => n.data.id)).toEqual(['s', 'r']);
    expect(kept.edges.map((e) => e.data.id)).toEqual(['e2']);
  });

  it('keeps everything when none is chosen', () => {
    expect(filterElements(SUPPLY, [])).toBe(SUPPLY);
  });
});

describe('the accessible list', () => {
  it('orders risks first, then by type and label', () => {
    expect(sortedNodes(SUPPLY).map((n) => n.id)).toEqual(['r', 'p', 's']);
  });
});

describe('the impact highlight', () => {
  it('marks every node on a reached path and the edges between consecutive ones, either way round', () => {
    const { nodes, edges } = impactHighlight(
      [{ id: 'p', type: 'Product', label: 'PCR Mix', path: ['s', 'p'], residual: null }],
      SUPPLY,
    );
    expect([...nodes].sort()).toEqual(['p', 's']);
    expect([...edges]).toEqual(['e1']);
  });
});

// Enzymatics (s) ← DEPENDS_ON — PCR Mix (p) — MADE_AT → Vilnius (v); Reagents (d) — SELLS → PCR Mix.
const PATHS: Elements = {
  nodes: [
    node('s', 'Supplier', 'Enzymatics'), node('p', 'Product', 'PCR Mix'), node('v', 'Site', 'Vilnius'),
    node('d', 'Division', 'Reagents'), node('k', 'Product', 'Kit'),
  ],
  edges: [edge('e1', 'p', 's'), edge('e2', 'p', 'v', 'MADE_AT'), edge('e3', 'd', 'p', 'SELLS'), edge('e4', 'k', 's')],
};

describe('the highlight of a walk', () => {
  it('marks the walk\'s vertices and only the edges joining consecutive ones, whichever way they point', () => {
    const { nodes, edges } = walkHighlight([['s', 'p', 'v']], PATHS);
    expect([...nodes]).toEqual(['s', 'p', 'v']);
    expect([...edges].sort()).toEqual(['e1', 'e2']);
  });

  it('marks the union of several walks', () => {
    const { nodes, edges } = walkHighlight([['s', 'p', 'd'], ['s', 'k']], PATHS);
    expect([...nodes].sort()).toEqual(['d', 'k', 'p', 's']);
    expect([...edges].sort()).toEqual(['e1', 'e3', 'e4']);
  });

  it('marks nothing for no walk', () => {
    const { nodes, edges } = walkHighlight([], PATHS);
    expect(nodes.size + edges.size).toBe(0);
  });
});

describe('a walk as text', () => {
  it('names each entity and relation, the arrow pointing the way the edge does', () => {
    expect(walkText(['s', 'p', 'v'], PATHS)).toBe(
      'Enzymatics (Supplier) ← depends on — PCR Mix (Product) — made at → Vilnius (Site)',
    );
    expect(walkText(['d', 'p'], PATHS)).toBe('Reagents (Division) — sells → PCR Mix (Product)');
  });

  it('names an entity not drawn by its id, and marks a hop with no edge drawn', () => {
    expect(walkText(['s', 'x'], PATHS)).toBe('Enzymatics (Supplier) … x');
    expect(walkText(['v'], PATHS)).toBe('Vilnius (Site)');
    expect(walkText([], PATHS)).toBe('');
  });

  it('reads a relation as words', () => {
    expect(relationLabel('HAS_RISK')).toBe('has risk');
  });
});

describe('the state in the URL', () => {
  it('reads the entity, the depth, the known types, the ends of the paths and the division', () => {
    const query = parseGraphQuery(
      convertToParamMap({ entity: 'x', depth: '2', types: ['Risk', 'Nonsense', 'Supplier'], from: 'a', to: 'b', division: 'd' }),
    );
    expect(query).toEqual({ entity: 'x', depth: 2, types: ['Risk', 'Supplier'], from: 'a', to: 'b', division: 'd' });
  });

  it('defaults to depth 1 and every type, and leaves defaults out of links', () => {
    const query = parseGraphQuery(convertToParamMap({ entity: 'x', depth: '7' }));
    expect(query).toEqual({ entity: 'x', depth: 1, types: [], from: '', to: '', division: '' });
    expect(graphQueryParams(query)).toEqual({ entity: 'x', depth: null, types: null, from: null, to: null, division: null });
    expect(graphQueryParams({ ...query, depth: 2, types: ['Risk'], from: 'a', to: 'b', division: 'd' })).toEqual({
      entity: 'x', depth: '2', types: ['Risk'], from: 'a', to: 'b', division: 'd',
    });
  });

  it('ignores paths with one end only, reading and writing', () => {
    expect(parseGraphQuery(convertToParamMap({ from: 'a' }))).toMatchObject({ from: '', to: '' });
    expect(parseGraphQuery(convertToParamMap({ to: 'b' }))).toMatchObject({ from: '', to: '' });
    const query = parseGraphQuery(convertToParamMap({}));
    expect(graphQueryParams({ ...query, from: 'a' })).toMatchObject({ from: null, to: null });
  });
});

describe('the drawing style', () => {
  it('knows the four levels and nothing else', () => {
    expect(levelOf('critical')).toBe('critical');
    expect(levelOf('severe')).toBe('none');
    expect(levelOf(null)).toBe('none');
  });

  it('gives every type a shape and colours risks by level', () => {
    const styles = graphStyles();
    for (const [type, style] of Object.entries(TYPE_STYLES)) {
      expect(styles.find((s) => s.selector === `node[type = "${type}"]`)?.style['shape']).toBe(style.shape);
    }
    expect(styles.find((s) => s.selector === 'node[type = "Risk"][level = "critical"]')?.style['background-color']).toBe(
      LEVEL_COLOURS.critical.fill,
    );
  });

  it('can be applied by Cytoscape to the elements as the API gives them', async () => {
    const { default: cytoscape } = await import('cytoscape');
    const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStyles() as never, elements: SUPPLY as never });
    expect(cy.getElementById('r').style('background-color')).toBe('rgb(255,220,198)');
    expect(cy.getElementById('s').style('shape')).toBe('hexagon');
    cy.destroy();
  });
});
