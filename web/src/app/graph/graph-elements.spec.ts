import { convertToParamMap } from '@angular/router';
import {
  Elements, LEVEL_COLOURS, TYPE_STYLES, filterElements, graphQueryParams, graphStyles, impactHighlight, levelOf,
  mergeElements, parseGraphQuery, sortedNodes,
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

describe('the state in the URL', () => {
  it('reads the entity, the depth and the known types', () => {
    const query = parseGraphQuery(convertToParamMap({ entity: 'x', depth: '2', types: ['Risk', 'Nonsense', 'Supplier'] }));
    expect(query).toEqual({ entity: 'x', depth: 2, types: ['Risk', 'Supplier'] });
  });

  it('defaults to depth 1 and every type, and leaves defaults out of links', () => {
    const query = parseGraphQuery(convertToParamMap({ entity: 'x', depth: '7' }));
    expect(query).toEqual({ entity: 'x', depth: 1, types: [] });
    expect(graphQueryParams(query)).toEqual({ entity: 'x', depth: null, types: null });
    expect(graphQueryParams({ entity: 'x', depth: 2, types: ['Risk'] })).toEqual({ entity: 'x', depth: '2', types: ['Risk'] });
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
