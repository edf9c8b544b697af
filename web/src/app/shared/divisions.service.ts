import { Injectable, computed, inject, signal } from '@angular/core';
import { Api, Division } from '../api/api';

export interface DivisionNode {
  division: Division;
  depth: number;
  /** Names from the root down, for labels. */
  path: string;
}

/** The divisions the caller may read, as a tree in display order (each under its parent,
 * siblings by name). Loaded once per session, page by page. */
@Injectable({ providedIn: 'root' })
export class DivisionsService {
  private readonly api = inject(Api);
  private loading?: Promise<void>;
  readonly all = signal<Division[]>([]);
  readonly tree = computed(() => treeOrder(this.all()));
  readonly byId = computed(() => new Map(this.all().map((division) => [division.id, division])));

  load(force = false): Promise<void> {
    if (!this.loading || force) {
      this.loading = this.fetchAll().catch((error: unknown) => {
        this.loading = undefined;
        console.warn('The divisions could not be loaded', error);
      });
    }
    return this.loading;
  }

  name(id: string | null | undefined): string {
    return (id && this.byId().get(id)?.name) || '';
  }

  private async fetchAll(): Promise<void> {
    const found: Division[] = [];
    for (let offset = 0; ; offset += 200) {
      const { data, response } = await this.api.intake.GET('/divisions', { params: { query: { limit: 200, offset } } });
      // A failed load is not cached: the next page that needs the divisions asks again.
      if (!data) throw new Error(`GET /divisions answered ${response.status}`);
      found.push(...data.items);
      if (found.length >= data.total || data.items.length === 0) break;
    }
    this.all.set(found);
  }
}

export function treeOrder(divisions: readonly Division[]): DivisionNode[] {
  const ids = new Set(divisions.map((d) => d.id));
  const children = new Map<string | null, Division[]>();
  for (const division of divisions) {
    // A division whose parent the caller cannot see is a root of what they see.
    const parent = division.parentId && ids.has(division.parentId) ? division.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), division]);
  }
  const out: DivisionNode[] = [];
  const walk = (parent: string | null, depth: number, path: string) => {
    const kids = [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    for (const division of kids) {
      const here = path ? `${path} / ${division.name}` : division.name;
      out.push({ division, depth, path: here });
      walk(division.id, depth + 1, here);
    }
  };
  walk(null, 0, '');
  return out;
}
