import type { components } from '../api/generated/graph';

/** The graph API's answers, in Cytoscape's element shape (ADR 52). */
type GraphSchemas = components['schemas'];
export type Elements = GraphSchemas['ElementsOut'];
export type NodeData = GraphSchemas['NodeData'];
export type EdgeData = GraphSchemas['EdgeData'];
export type EntityType = GraphSchemas['EntityType'];
export type DependedOnType = GraphSchemas['DependedOnType'];
export type Reached = GraphSchemas['ReachedOut'];
export type Exposure = GraphSchemas['ExposureOut'];
export type Concentrated = GraphSchemas['ConcentratedOut'];
export type Paths = GraphSchemas['PathsOut'];
export type DivisionExposure = GraphSchemas['DivisionExposureOut'];

export const ENTITY_TYPES: readonly EntityType[] = ['Risk', 'Division', 'Product', 'Supplier', 'Site', 'Solution', 'Owner'];
export const CONCENTRATION_TYPES: readonly DependedOnType[] = ['Supplier', 'Site', 'Solution', 'Product', 'Owner'];
export const LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];

/** Fill and text colours of a risk by level (the register's chips, 4.5:1 or more), and a
 * darker border so each stands out against the white canvas. */
export const LEVEL_COLOURS: Readonly<Record<Level | 'none', { fill: string; text: string; border: string }>> = {
  low: { fill: '#d7f0dc', text: '#0b4a1b', border: '#2e7d32' },
  medium: { fill: '#fff1c2', text: '#5a4300', border: '#a67c00' },
  high: { fill: '#ffdcc6', text: '#7a2e00', border: '#d84315' },
  critical: { fill: '#b3261e', text: '#ffffff', border: '#6d0f0a' },
  none: { fill: '#eceff1', text: '#37474f', border: '#78909c' },
};

/** The shape and colour of each type of entity (risks take their level's colour). */
export const TYPE_STYLES: Readonly<Record<EntityType, { shape: string; fill: string; symbol: string }>> = {
  Risk: { shape: 'ellipse', fill: '#eceff1', symbol: '●' },
  Division: { shape: 'round-rectangle', fill: '#d1e4ff', symbol: '▭' },
  Product: { shape: 'diamond', fill: '#e8def8', symbol: '◆' },
  Supplier: { shape: 'hexagon', fill: '#c8f0ef', symbol: '⬢' },
  Site: { shape: 'triangle', fill: '#ffe0b2', symbol: '▲' },
  Solution: { shape: 'star', fill: '#dcedc8', symbol: '★' },
  Owner: { shape: 'pentagon', fill: '#f8d7e3', symbol: '⬟' },
};

export function levelOf(level: string | null | undefined): Level | 'none' {
  return level && (LEVELS as readonly string[]).includes(level) ? (level as Level) : 'none';
}

export function emptyElements(): Elements {
  return { nodes: [], edges: [] };
}

/** The union of two answers, each element once by id (the newer data wins), in the
 * order first seen, so expanding a node adds to what is drawn. */
export function mergeElements(current: Elements, added: Elements): Elements {
  const nodes = new Map(current.nodes.map((n) => [n.data.id, n] as const));
  for (const n of added.nodes) nodes.set(n.data.id, n);
  const edges = new Map(current.edges.map((e) => [e.data.id, e] as const));
  for (const e of added.edges) edges.set(e.data.id, e);
  // An edge whose ends are not both drawn would make Cytoscape throw.
  const kept = [...edges.values()].filter((e) => nodes.has(e.data.source) && nodes.has(e.data.target));
  return { nodes: [...nodes.values()], edges: kept };
}

/** The elements of the chosen types only (none chosen: all), and the edges between them. */
export function filterElements(elements: Elements, types: readonly string[]): Elements {
  if (!types.length) return elements;
  const nodes = elements.nodes.filter((n) => types.includes(n.data.type));
  const ids = new Set(nodes.map((n) => n.data.id));
  return { nodes, edges: elements.edges.filter((e) => ids.has(e.data.source) && ids.has(e.data.target)) };
}

/** The nodes in reading order: by type (as in ENTITY_TYPES), then by label. */
export function sortedNodes(elements: Elements): NodeData[] {
  const rank = (type: string) => {
    const i = (ENTITY_TYPES as readonly string[]).indexOf(type);
    return i < 0 ? ENTITY_TYPES.length : i;
  };
  return elements.nodes
    .map((n) => n.data)
    .sort((a, b) => rank(a.type) - rank(b.type) || a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
}

/** The ids of the nodes and edges along walks (each a list of vertex ids), to highlight:
 * every vertex, and each edge joining two consecutive vertices, whichever way it points. */
export function walkHighlight(
  walks: readonly (readonly string[])[],
  elements: Elements,
): { nodes: Set<string>; edges: Set<string> } {
  const nodes = new Set<string>();
  const pairs = new Set<string>();
  for (const walk of walks) {
    walk.forEach((id, i) => {
      nodes.add(id);
      if (i > 0) pairs.add(`${walk[i - 1]}|${id}`);
    });
  }
  const edges = new Set<string>();
  for (const e of elements.edges) {
    const { id, source, target } = e.data;
    if (pairs.has(`${source}|${target}`) || pairs.has(`${target}|${source}`)) edges.add(id);
  }
  return { nodes, edges };
}

/** The ids of the nodes and edges along the impact's paths (each reached entity's path
 * from the start), to highlight. */
export function impactHighlight(reached: readonly Reached[], elements: Elements): { nodes: Set<string>; edges: Set<string> } {
  const highlight = walkHighlight(reached.map((r) => r.path), elements);
  for (const r of reached) highlight.nodes.add(r.id);
  return highlight;
}

/** A relation as read aloud: DEPENDS_ON → "depends on". */
export function relationLabel(type: string): string {
  return type.toLowerCase().replaceAll('_', ' ');
}

/** A walk as one line of text, entity → relation → entity, the arrows pointing the way
 * each edge does: "PCR Mix (Product) — depends on → Enzymatics (Supplier)". An entity not
 * drawn is named by its id; two vertices without a drawn edge are joined by "…". */
export function walkText(walk: readonly string[], elements: Elements): string {
  const nodes = new Map(elements.nodes.map((n) => [n.data.id, n.data] as const));
  const name = (id: string) => {
    const node = nodes.get(id);
    return node ? `${node.label} (${node.type})` : id;
  };
  const parts = walk.length ? [name(walk[0])] : [];
  for (let i = 1; i < walk.length; i++) {
    const [from, to] = [walk[i - 1], walk[i]];
    const forward = elements.edges.find((e) => e.data.source === from && e.data.target === to);
    const backward = forward ? undefined : elements.edges.find((e) => e.data.source === to && e.data.target === from);
    if (forward) parts.push(`— ${relationLabel(forward.data.type)} →`);
    else if (backward) parts.push(`← ${relationLabel(backward.data.type)} —`);
    else parts.push('…');
    parts.push(name(to));
  }
  return parts.join(' ');
}

/** The page's state as in the URL: the entity, the depth (1 or 2) and the types shown;
 * the two ends of the paths asked for; the division whose exposure is shown. */
export interface GraphQuery {
  entity: string;
  depth: 1 | 2;
  types: EntityType[];
  from: string;
  to: string;
  division: string;
}

type Params = { get(name: string): string | null; getAll(name: string): string[] };

export function parseGraphQuery(params: Params): GraphQuery {
  const types = params.getAll('types').filter((t): t is EntityType => (ENTITY_TYPES as readonly string[]).includes(t));
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return {
    entity: params.get('entity') ?? '',
    depth: params.get('depth') === '2' ? 2 : 1,
    types,
    // Paths need both ends.
    from: from && to ? from : '',
    to: from && to ? to : '',
    division: params.get('division') ?? '',
  };
}

/** The query parameters of a state (defaults left out, so links stay short). */
export function graphQueryParams(query: GraphQuery): Record<string, string | string[] | null> {
  return {
    entity: query.entity || null,
    depth: query.depth === 2 ? '2' : null,
    types: query.types.length ? [...query.types] : null,
    from: query.from && query.to ? query.from : null,
    to: query.from && query.to ? query.to : null,
    division: query.division || null,
  };
}

/** Cytoscape's stylesheet: shapes by type, risks coloured by level, labels underneath. */
export function graphStyles(): { selector: string; style: Record<string, string | number> }[] {
  const styles: { selector: string; style: Record<string, string | number> }[] = [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'font-size': 11,
        'font-family': 'Roboto, sans-serif',
        color: '#1b1b1f',
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 4,
        'text-wrap': 'ellipsis',
        'text-max-width': '140px',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': '2px',
        width: 30,
        height: 30,
        'border-width': 2,
        'border-color': '#455a64',
      },
    },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'line-color': '#90a4ae',
        'target-arrow-color': '#90a4ae',
        'target-arrow-shape': 'triangle',
        'curve-style': 'bezier',
        'arrow-scale': 0.8,
      },
    },
  ];
  for (const [type, s] of Object.entries(TYPE_STYLES)) {
    styles.push({ selector: `node[type = "${type}"]`, style: { shape: s.shape, 'background-color': s.fill } });
  }
  for (const [level, c] of Object.entries(LEVEL_COLOURS)) {
    if (level === 'none') continue;
    styles.push({
      selector: `node[type = "Risk"][level = "${level}"]`,
      style: { 'background-color': c.fill, 'border-color': c.border, 'border-width': level === 'critical' ? 4 : 3 },
    });
  }
  styles.push(
    { selector: 'node.center', style: { width: 42, height: 42, 'border-width': 4, 'border-color': '#1565c0', 'font-weight': 'bold' } },
    { selector: 'node:selected', style: { 'overlay-color': '#1565c0', 'overlay-opacity': 0.2, 'overlay-padding': 6 } },
    { selector: '.faded', style: { opacity: 0.25 } },
    { selector: 'node.reached', style: { 'border-color': '#6a1b9a', 'border-width': 5 } },
    { selector: 'edge.reached', style: { width: 4, 'line-color': '#6a1b9a', 'target-arrow-color': '#6a1b9a' } },
  );
  return styles;
}
