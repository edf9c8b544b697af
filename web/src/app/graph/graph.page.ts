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
import { levelClass } from '../shared/labels';
import {
  CONCENTRATION_TYPES, Concentrated, DependedOnType, ENTITY_TYPES, Elements, EntityType, Exposure, LEVELS, LEVEL_COLOURS,
  NodeData, Reached, TYPE_STYLES, emptyElements, filterElements, graphQueryParams, graphStyles, impactHighlight,
  mergeElements, parseGraphQuery, sortedNodes,
} from './graph-elements';

interface Found {
  id: string;
  type: EntityType;
  label: string;
}

/** The graph explorer: an entity's neighbourhood drawn with Cytoscape (loaded with this
 * page only), expanded by clicking, filtered by type; the impact of the selected entity
 * and the concentration of risks by supplier, site, solution or product. The entity,
 * the depth and the types are in the URL. Every element drawn is also listed in a table. */
@Component({
  selector: 'app-graph',
  imports: [
    FormsModule, RouterLink, MatButtonModule, MatChipsModule, MatFormFieldModule, MatIconModule, MatInputModule,
    MatProgressBarModule, MatSelectModule,
  ],
  providers: [FORM_FIELD_DEFAULTS],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './graph.page.html',
  styleUrl: './graph.page.scss',
})
export class GraphPage {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly types = ENTITY_TYPES;
  protected readonly concentrationTypes = CONCENTRATION_TYPES;
  protected readonly levels = LEVELS;
  protected readonly levelColours = LEVEL_COLOURS;
  protected readonly typeStyles = TYPE_STYLES;
  protected readonly levelClass = levelClass;

  protected readonly query = toSignal(this.route.queryParamMap.pipe(map(parseGraphQuery)), {
    initialValue: parseGraphQuery(this.route.snapshot.queryParamMap),
  });

  protected readonly loading = signal(false);
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

  // Impact
  protected readonly impact = signal<{ start: string; reached: Reached[]; exposure: Exposure; truncated: boolean } | null>(null);
  // Concentration
  protected concentrationType: DependedOnType = 'Supplier';
  protected readonly concentration = signal<Concentrated[] | null>(null);

  private readonly canvas = viewChild.required<ElementRef<HTMLElement>>('canvas');
  private cy: Core | null = null;
  private drawn = '';

  constructor() {
    const destroyRef = inject(DestroyRef);
    destroyRef.onDestroy(() => this.cy?.destroy());
    // A new entity, depth or set of types in the URL: draw that neighbourhood afresh.
    effect(() => {
      const { entity, depth, types } = this.query();
      const key = `${entity}|${depth}|${types.join(',')}`;
      untracked(() => {
        if (key === this.drawn) return;
        this.drawn = key;
        this.elements.set(emptyElements());
        this.truncated.set(false);
        this.impact.set(null);
        this.selectedId.set(entity);
        if (entity) void this.expand(entity);
        else void this.draw();
      });
    });
    // Redraw when the elements shown change.
    effect(() => {
      this.shown();
      untracked(() => void this.draw());
    });
  }

  /** Adds the neighbourhood of an entity to what is drawn. */
  protected async expand(id: string): Promise<void> {
    const { depth, types } = this.query();
    this.loading.set(true);
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
      this.loading.set(false);
    }
  }

  private async draw(): Promise<void> {
    const elements = this.shown();
    if (!this.cy) {
      const { default: cytoscape } = await import('cytoscape');
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
    const root = this.query().entity;
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

  /** The center, the selection and the impact's highlight on the drawing. */
  private mark(): void {
    const cy = this.cy;
    if (!cy) return;
    const impact = this.impact();
    cy.batch(() => {
      cy.elements().removeClass('center reached faded');
      cy.getElementById(this.query().entity).addClass('center');
      cy.nodes().unselect();
      cy.getElementById(this.selectedId()).select();
      if (impact) {
        const { nodes, edges } = impactHighlight(impact.reached, this.shown());
        nodes.add(impact.start);
        cy.elements().forEach((e) => {
          if (nodes.has(e.id()) || edges.has(e.id())) e.addClass('reached');
          else e.addClass('faded');
        });
      }
    });
  }

  protected open(id: string): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: graphQueryParams({ ...this.query(), entity: id }) });
  }

  protected select(node: NodeData): void {
    this.selectedId.set(node.id);
    this.mark();
  }

  protected setDepth(depth: 1 | 2): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: graphQueryParams({ ...this.query(), depth }) });
  }

  protected setTypes(types: EntityType[] | null): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: graphQueryParams({ ...this.query(), types: types ?? [] }) });
  }

  protected async search(): Promise<void> {
    const q = this.searchText.trim();
    if (!q) return;
    this.searching.set(true);
    this.problem.set(null);
    try {
      const page = { q, limit: 5 };
      const [risks, products, suppliers, sites] = await Promise.all([
        this.api.intake.GET('/risks', { params: { query: page } }),
        this.api.intake.GET('/products', { params: { query: page } }),
        this.api.intake.GET('/suppliers', { params: { query: page } }),
        this.api.intake.GET('/sites', { params: { query: page } }),
      ]);
      const found: Found[] = [];
      for (const r of risks.data?.items ?? []) found.push({ id: r.id, type: 'Risk', label: r.title });
      const lists = [['Product', products], ['Supplier', suppliers], ['Site', sites]] as const;
      for (const [type, list] of lists) {
        for (const e of list.data?.items ?? []) found.push({ id: e.id, type, label: e.name });
      }
      this.found.set(found);
    } catch (error) {
      this.problem.set(networkProblem(error));
    } finally {
      this.searching.set(false);
    }
  }

  protected async showImpact(): Promise<void> {
    const id = this.selectedId();
    if (!id) return;
    this.loading.set(true);
    this.problem.set(null);
    try {
      const { data, error, response } = await this.api.graph.GET('/graph/entities/{entity_id}/impact', {
        params: { path: { entity_id: id } },
      });
      if (data) {
        this.elements.update((current) => mergeElements(current, data.elements));
        this.truncated.update((t) => t || data.truncated);
        this.impact.set({ start: data.start, reached: data.reached, exposure: data.exposure, truncated: data.truncated });
        await this.draw();
      } else {
        this.problem.set(problemOf(response, error));
      }
    } catch (error) {
      this.problem.set(networkProblem(error));
    } finally {
      this.loading.set(false);
    }
  }

  protected clearImpact(): void {
    this.impact.set(null);
    this.mark();
  }

  protected async showConcentration(): Promise<void> {
    this.loading.set(true);
    this.problem.set(null);
    try {
      const { data, error, response } = await this.api.graph.GET('/graph/concentration', {
        params: { query: { type: this.concentrationType, limit: 20 } },
      });
      if (data) this.concentration.set(data.items);
      else this.problem.set(problemOf(response, error));
    } catch (error) {
      this.problem.set(networkProblem(error));
    } finally {
      this.loading.set(false);
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
    return this.elements().nodes.find((n) => n.data.id === id)?.data.label ?? id;
  }
}
