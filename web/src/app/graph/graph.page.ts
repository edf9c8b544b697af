import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, effect, inject, signal, untracked, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { map } from 'rxjs';
import type { Core } from 'cytoscape';
import { MatButtonModule } from '@angular/material/button';
import { MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { Api } from '../api/api';
import { Problem, networkProblem, problemOf } from '../api/problem';
import { FORM_FIELD_DEFAULTS } from '../shared/form-field';
import {
  CONCENTRATION_TYPES, Concentrated, DependedOnType, DivisionExposure, ENTITY_TYPES, Elements, EntityType, Exposure,
  GraphQuery, LEVELS, LEVEL_COLOURS, NodeData, Paths, Reached, TYPE_STYLES, emptyElements, filterElements,
  graphQueryParams, graphStyles, impactHighlight, mergeElements, parseGraphQuery, sortedNodes, walkHighlight, walkText,
} from './graph-elements';
import { LevelChip } from '../shared/level-chip';
import { DivisionNode, DivisionsService } from '../shared/divisions.service';

export interface Found {
  id: string;
  type: EntityType;
  label: string;
}

/** What is highlighted on the drawing (the rest faded): the impact (all its paths or the
 * one picked), the paths between two entities, or a division's exposure. */
type Focus = 'impact' | 'paths' | 'division' | null;

/** The graph explorer: an entity's neighbourhood drawn with Cytoscape (loaded with this
 * page only), expanded by clicking, filtered by type; the impact of the selected entity,
 * the shortest paths between two entities, a division's exposure through the suppliers
 * and sites it depends on, and the concentration of risks by supplier, site, solution or
 * product. The entity, the depth, the types, the ends of the paths and the division are
 * in the URL. Every element drawn is also listed in a table, every path as text. */
@Component({
  selector: 'app-graph',
  imports: [
    LevelChip, FormsModule, RouterLink, MatButtonModule, MatChipsModule, MatFormFieldModule, MatIconModule, MatInputModule,
    MatProgressBarModule, MatSelectModule,
  ],
  providers: [FORM_FIELD_DEFAULTS],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './graph.page.html',
  styleUrl: './graph.page.scss',
})
export class GraphPage {
  private readonly api = inject(Api);
  private readonly divisions = inject(DivisionsService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly types = ENTITY_TYPES;
  protected readonly concentrationTypes = CONCENTRATION_TYPES;
  protected readonly levels = LEVELS;
  protected readonly levelColours = LEVEL_COLOURS;
  protected readonly typeStyles = TYPE_STYLES;

  protected readonly query = toSignal(this.route.queryParamMap.pipe(map(parseGraphQuery)), {
    initialValue: parseGraphQuery(this.route.snapshot.queryParamMap),
  });

  private readonly pending = signal(0);
  protected readonly loading = computed(() => this.pending() > 0);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly elements = signal<Elements>(emptyElements());
  protected readonly truncated = signal(false);
  protected readonly selectedId = signal('');
  protected readonly shown = computed(() => {
    const { types } = this.query();
    const all = this.elements();
    if (!types.length) return all;
    const center = this.centerType();
    return filterElements(all, !center || (types as string[]).includes(center) ? types : [...types, center]);
  });
  protected readonly rows = computed(() => sortedNodes(this.shown()));
  protected readonly selected = computed(() => this.elements().nodes.find((n) => n.data.id === this.selectedId())?.data ?? null);
  protected readonly center = computed(() => this.elements().nodes.find((n) => n.data.id === this.query().entity)?.data ?? null);
  private readonly centerType = computed(() => this.center()?.type ?? '');

  // Search
  protected searchText = '';
  protected readonly found = signal<Found[] | null>(null);
  protected readonly searching = signal(false);

  // Paths: a second entity picked by the same search, from the selected one.
  protected readonly picking = signal(false);
  protected pathText = '';
  protected readonly pathFound = signal<Found[] | null>(null);
  protected readonly paths = signal<Omit<Paths, 'elements'> | null>(null);
  protected readonly pathLines = computed(() => (this.paths()?.paths ?? []).map((walk) => walkText(walk, this.elements())));
  private readonly labels = new Map<string, string>();

  // Division exposure
  protected readonly exposure = signal<Omit<DivisionExposure, 'elements'> | null>(null);
  private exposureIds = new Set<string>();

  // Impact
  protected readonly impact = signal<{ start: string; reached: Reached[]; exposure: Exposure; truncated: boolean } | null>(null);
  /** The reached entity whose path alone is highlighted (none: every path). */
  protected readonly impactPick = signal<string | null>(null);
  protected readonly focus = signal<Focus>(null);
  // Concentration
  protected concentrationType: DependedOnType = 'Supplier';
  protected readonly concentration = signal<Concentrated[] | null>(null);

  private readonly canvas = viewChild.required<ElementRef<HTMLElement>>('canvas');
  private cy: Core | null = null;
  private drawn = '';
  private destroyed = false;
  private pathsKey = '';
  private divisionKey = '';

  constructor() {
    const destroyRef = inject(DestroyRef);
    destroyRef.onDestroy(() => {
      this.destroyed = true;
      this.cy?.destroy();
    });
    // A new entity, depth or set of types in the URL: draw that neighbourhood afresh (with
    // the paths and the division's exposure asked for); new ends of the paths or a new
    // division: add those.
    effect(() => {
      const query = this.query();
      untracked(() => this.follow(query));
    });
    // Redraw when the elements shown change.
    effect(() => {
      this.shown();
      untracked(() => void this.draw());
    });
  }

  private follow(query: GraphQuery): void {
    const { entity, depth, types, from, to, division } = query;
    const key = `${entity}|${depth}|${types.join(',')}`;
    const fresh = key !== this.drawn;
    if (fresh) {
      this.drawn = key;
      this.elements.set(emptyElements());
      this.truncated.set(false);
      this.impact.set(null);
      this.impactPick.set(null);
      if (this.focus() === 'impact') this.focus.set(null);
      this.selectedId.set(entity || from || division);
      if (entity) void this.expand(entity);
      else void this.draw();
    }
    const pathsKey = `${from}|${to}`;
    if (fresh || pathsKey !== this.pathsKey) {
      this.pathsKey = pathsKey;
      this.paths.set(null);
      if (this.focus() === 'paths') this.focus.set(null);
      if (from && to) void this.loadPaths(from, to);
    }
    if (fresh || division !== this.divisionKey) {
      this.divisionKey = division;
      this.exposure.set(null);
      this.exposureIds = new Set();
      if (this.focus() === 'division') this.focus.set(null);
      if (division) void this.loadExposure(division);
    }
    if (!fresh) this.mark();
  }

  /** Adds the neighbourhood of an entity to what is drawn. */
  protected async expand(id: string): Promise<void> {
    const { depth, types } = this.query();
    this.pending.update((n) => n + 1);
    this.problem.set(null);
    try {
      const { data, error, response } = await this.api.graph.GET('/graph/entities/{entity_id}/neighborhood', {
        params: { path: { entity_id: id }, query: { depth, ...(types.length ? { types } : {}) } },
        querySerializer: { array: { style: 'form', explode: true } },
      });
      if (data) {
        this.elements.update((current) => mergeElements(current, data.elements));
        this.truncated.update((t) => t || data.truncated);
        this.selectedId.set(id);
      } else {
        this.problem.set(
          response.status === 404
            ? { ...problemOf(response, error), message: 'No entity you may read has this id.' }
            : problemOf(response, error),
        );
      }
    } catch (error) {
      this.problem.set(networkProblem(error));
    } finally {
      this.pending.update((n) => n - 1);
    }
  }

  private async draw(): Promise<void> {
    const elements = this.shown();
    if (!this.cy) {
      const { default: cytoscape } = await import('cytoscape');
      // Left while Cytoscape loaded: nothing to draw on.
      if (this.destroyed) return;
      if (this.cy) return this.draw();
      this.cy = cytoscape({
        container: this.canvas().nativeElement,
        style: graphStyles() as never,
        minZoom: 0.2,
        maxZoom: 3,
        wheelSensitivity: 0.3,
        boxSelectionEnabled: false,
      });
      this.cy.on('tap', 'node', (event) => {
        const id = event.target.id() as string;
        this.selectedId.set(id);
        this.exposeIfDivision(id);
        void this.expand(id);
      });
    }
    const cy = this.cy;
    const ids = new Set([...elements.nodes.map((n) => n.data.id), ...elements.edges.map((e) => e.data.id)]);
    const same = cy.elements().length === ids.size && cy.elements().toArray().every((e) => ids.has(e.id()));
    if (same) return this.mark();
    cy.batch(() => {
      cy.elements().filter((e) => !ids.has(e.id())).remove();
      const present = new Set(cy.elements().map((e) => e.id()));
      cy.add([
        ...elements.nodes.filter((n) => !present.has(n.data.id)).map((n) => ({ group: 'nodes' as const, data: { ...n.data } })),
        ...elements.edges.filter((e) => !present.has(e.data.id)).map((e) => ({ group: 'edges' as const, data: { ...e.data } })),
      ]);
    });
    this.mark();
    const { entity, from, division } = this.query();
    const root = entity || from || division;
    // A tree reads best while small; a force-directed layout keeps a big one compact.
    const big = elements.nodes.length > 30;
    cy.layout({
      name: big ? 'cose' : 'breadthfirst',
      ...(big
        ? { nodeRepulsion: () => 8000, idealEdgeLength: () => 60, randomize: false }
        : { directed: false, roots: root && cy.getElementById(root).nonempty() ? [root] : undefined, spacingFactor: 1.1 }),
      padding: 24,
      animate: false,
    } as never).run();
  }

  /** The ids of the nodes and edges highlighted (none: nothing faded). */
  private highlighted(): Set<string> | null {
    const shown = this.shown();
    const both = ({ nodes, edges }: { nodes: Set<string>; edges: Set<string> }) => new Set([...nodes, ...edges]);
    switch (this.focus()) {
      case 'impact': {
        const impact = this.impact();
        if (!impact) return null;
        const pick = impact.reached.filter((r) => r.id === this.impactPick());
        const ids = both(impactHighlight(pick.length ? pick : impact.reached, shown));
        return ids.add(impact.start);
      }
      case 'paths': {
        const paths = this.paths();
        if (!paths) return null;
        return both(walkHighlight(paths.paths, shown)).add(paths.source).add(paths.target);
      }
      case 'division':
        return this.exposure() ? this.exposureIds : null;
      default:
        return null;
    }
  }

  /** The center, the selection and the highlight on the drawing. */
  private mark(): void {
    const cy = this.cy;
    if (!cy) return;
    const ids = this.highlighted();
    cy.batch(() => {
      cy.elements().removeClass('center reached faded');
      cy.getElementById(this.query().entity).addClass('center');
      cy.nodes().unselect();
      cy.getElementById(this.selectedId()).select();
      if (ids) {
        cy.elements().forEach((e) => {
          e.addClass(ids.has(e.id()) ? 'reached' : 'faded');
        });
      }
    });
  }

  protected open(id: string): void {
    this.navigate({ entity: id });
  }

  protected select(node: NodeData): void {
    this.selectedId.set(node.id);
    this.exposeIfDivision(node.id);
    this.mark();
  }

  /** Selecting a division shows its exposure (kept in the URL). */
  private exposeIfDivision(id: string): void {
    const node = this.elements().nodes.find((n) => n.data.id === id)?.data;
    if (node?.type === 'Division' && this.query().division !== id) this.navigate({ division: id });
  }

  private navigate(change: Partial<GraphQuery>): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: graphQueryParams({ ...this.query(), ...change }) });
  }

  protected setDepth(depth: 1 | 2): void {
    this.navigate({ depth });
  }

  protected setTypes(types: EntityType[] | null): void {
    this.navigate({ types: types ?? [] });
  }

  protected async search(): Promise<void> {
    const found = await this.find(this.searchText);
    if (found) this.found.set(found);
  }

  /** The divisions, risks, solutions, products, suppliers, sites and owners matching a text
   * (five of each at most); divisions by name or code among those the user sees, named by
   * path; owners by email. */
  private async find(text: string): Promise<Found[] | null> {
    const q = text.trim();
    if (!q) return null;
    this.searching.set(true);
    this.problem.set(null);
    try {
      const page = { q, limit: 5 };
      const [risks, solutions, products, suppliers, sites, owners] = await Promise.all([
        this.api.intake.GET('/risks', { params: { query: page } }),
        this.api.intake.GET('/solutions', { params: { query: page } }),
        this.api.intake.GET('/products', { params: { query: page } }),
        this.api.intake.GET('/suppliers', { params: { query: page } }),
        this.api.intake.GET('/sites', { params: { query: page } }),
        this.api.graph.GET('/graph/owners', { params: { query: page } }),
        this.divisions.load(),
      ]);
      const found: Found[] = matchingDivisions(this.divisions.tree(), q, 5);
      for (const r of risks.data?.items ?? []) found.push({ id: r.id, type: 'Risk', label: r.title });
      for (const s of solutions.data?.items ?? []) found.push({ id: s.id, type: 'Solution', label: s.title });
      for (const o of owners.data?.items ?? []) found.push({ id: o.id, type: 'Owner', label: o.email });
      const lists = [['Product', products], ['Supplier', suppliers], ['Site', sites]] as const;
      for (const [type, list] of lists) {
        for (const e of list.data?.items ?? []) found.push({ id: e.id, type, label: e.name });
      }
      for (const f of found) this.labels.set(f.id, f.label);
      return found;
    } catch (error) {
      this.problem.set(networkProblem(error));
      return null;
    } finally {
      this.searching.set(false);
    }
  }

  protected startPaths(): void {
    this.picking.set(true);
    this.pathFound.set(null);
  }

  protected async searchPathEnd(): Promise<void> {
    const found = await this.find(this.pathText);
    if (found) this.pathFound.set(found.filter((f) => f.id !== this.selectedId()));
  }

  /** The paths from the selected entity to the one picked (both ends in the URL). */
  protected pathsTo(target: Found): void {
    this.picking.set(false);
    this.pathFound.set(null);
    this.navigate({ from: this.selectedId(), to: target.id });
  }

  protected clearPaths(): void {
    this.navigate({ from: '', to: '' });
  }

  private async loadPaths(from: string, to: string): Promise<void> {
    this.pending.update((n) => n + 1);
    this.problem.set(null);
    try {
      const { data, error, response } = await this.api.graph.GET('/graph/paths', { params: { query: { from, to } } });
      if (this.pathsKey !== `${from}|${to}`) return;
      if (data) {
        this.elements.update((current) => mergeElements(current, data.elements));
        this.paths.set({ source: data.source, target: data.target, paths: data.paths, truncated: data.truncated });
        this.focus.set('paths');
        await this.draw();
      } else {
        this.problem.set(
          response.status === 404
            ? { ...problemOf(response, error), message: 'No entity you may read has one of these ids.' }
            : problemOf(response, error),
        );
      }
    } catch (error) {
      this.problem.set(networkProblem(error));
    } finally {
      this.pending.update((n) => n - 1);
    }
  }

  protected clearExposure(): void {
    this.navigate({ division: '' });
  }

  private async loadExposure(division: string): Promise<void> {
    this.pending.update((n) => n + 1);
    this.problem.set(null);
    try {
      const { data, error, response } = await this.api.graph.GET('/graph/divisions/{division_id}/exposure', {
        params: { path: { division_id: division } },
      });
      if (this.divisionKey !== division) return;
      if (data) {
        this.elements.update((current) => mergeElements(current, data.elements));
        const { nodes, edges } = data.elements;
        this.exposureIds = new Set([...nodes.map((n) => n.data.id), ...edges.map((e) => e.data.id)]);
        const { division: id, dependencies, exposure, truncated } = data;
        this.exposure.set({ division: id, dependencies, exposure, truncated });
        this.focus.set('division');
        await this.draw();
      } else {
        this.problem.set(
          response.status === 404
            ? { ...problemOf(response, error), message: 'No division you may read has this id.' }
            : problemOf(response, error),
        );
      }
    } catch (error) {
      this.problem.set(networkProblem(error));
    } finally {
      this.pending.update((n) => n - 1);
    }
  }

  protected async showImpact(): Promise<void> {
    const id = this.selectedId();
    if (!id) return;
    this.pending.update((n) => n + 1);
    this.problem.set(null);
    try {
      const { data, error, response } = await this.api.graph.GET('/graph/entities/{entity_id}/impact', {
        params: { path: { entity_id: id } },
      });
      if (data) {
        this.elements.update((current) => mergeElements(current, data.elements));
        this.truncated.update((t) => t || data.truncated);
        this.impact.set({ start: data.start, reached: data.reached, exposure: data.exposure, truncated: data.truncated });
        this.impactPick.set(null);
        this.focus.set('impact');
        await this.draw();
      } else {
        this.problem.set(problemOf(response, error));
      }
    } catch (error) {
      this.problem.set(networkProblem(error));
    } finally {
      this.pending.update((n) => n - 1);
    }
  }

  protected clearImpact(): void {
    this.impact.set(null);
    this.impactPick.set(null);
    if (this.focus() === 'impact') this.focus.set(null);
    this.mark();
  }

  /** Highlights the path to one reached entity (again: every path). */
  protected pickReached(id: string): void {
    this.impactPick.update((picked) => (picked === id ? null : id));
    this.focus.set('impact');
    this.mark();
  }

  /** The names of a dependency's products, as drawn. */
  protected productNames(ids: readonly string[]): string {
    return ids.map((id) => this.labelOf(id)).join(', ');
  }

  protected impactPathText(r: Reached): string {
    return walkText(r.path, this.elements());
  }

  /** Brings a highlight back to the front. */
  protected refocus(focus: Focus): void {
    this.focus.set(focus);
    this.mark();
  }

  protected async showConcentration(): Promise<void> {
    this.pending.update((n) => n + 1);
    this.problem.set(null);
    try {
      const { data, error, response } = await this.api.graph.GET('/graph/concentration', {
        params: { query: { type: this.concentrationType, top: 20 } },
      });
      if (data) this.concentration.set(data.items);
      else this.problem.set(problemOf(response, error));
    } catch (error) {
      this.problem.set(networkProblem(error));
    } finally {
      this.pending.update((n) => n - 1);
    }
  }

  protected exportPng(): void {
    if (!this.cy) return;
    const url = this.cy.png({ full: true, scale: 2, bg: '#ffffff' });
    const link = document.createElement('a');
    link.href = url;
    link.download = `graph-${this.query().entity || 'export'}.png`;
    link.click();
  }

  protected labelOf(id: string): string {
    return this.elements().nodes.find((n) => n.data.id === id)?.data.label ?? this.labels.get(id) ?? id;
  }
}

/** The divisions whose name or code contains the text (any case), at most ``most``, in the
 * tree's order, each labelled by its path from the top. */
export function matchingDivisions(tree: readonly DivisionNode[], text: string, most: number): Found[] {
  const q = text.toLocaleLowerCase();
  return tree
    .filter(({ division }) => `${division.name} ${division.code}`.toLocaleLowerCase().includes(q))
    .slice(0, most)
    .map(({ division, path }) => ({ id: division.id, type: 'Division', label: path }));
}
