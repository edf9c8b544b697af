import { Injectable, inject } from '@angular/core';
import { Api, IntakeSchemas, etagOf } from '../api/api';
import { Problem, problemOf } from '../api/problem';
import { DivisionsService } from '../shared/divisions.service';
import type { EntityDetails, EntityType, ReferenceType } from './entity-kinds';

type Page = IntakeSchemas['EntityPageOut'];
export type NewEntity = IntakeSchemas['ProductIn'] | IntakeSchemas['SupplierIn'] | IntakeSchemas['SiteIn'];

/** An entity found by a search, for picking the other end of a relationship. */
export interface Found {
  id: string;
  name: string;
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The API calls of the products, suppliers and sites pages, by the kind of thing. */
@Injectable({ providedIn: 'root' })
export class EntitiesService {
  private readonly api = inject(Api);
  private readonly divisions = inject(DivisionsService);

  list(type: ReferenceType, query: { q?: string; limit: number; offset: number }, signal?: AbortSignal): Promise<Answer<Page>> {
    const init = { params: { query }, signal };
    if (type === 'product') return this.api.intake.GET('/products', init);
    if (type === 'supplier') return this.api.intake.GET('/suppliers', init);
    return this.api.intake.GET('/sites', init);
  }

  get(type: ReferenceType, id: string): Promise<Answer<EntityDetails>> {
    if (type === 'product') return this.api.intake.GET('/products/{product_id}', { params: { path: { product_id: id } } });
    if (type === 'supplier') return this.api.intake.GET('/suppliers/{supplier_id}', { params: { path: { supplier_id: id } } });
    return this.api.intake.GET('/sites/{site_id}', { params: { path: { site_id: id } } });
  }

  create(type: ReferenceType, body: NewEntity): Promise<Answer<EntityDetails>> {
    if (type === 'product') return this.api.intake.POST('/products', { body: body as IntakeSchemas['ProductIn'] });
    if (type === 'supplier') return this.api.intake.POST('/suppliers', { body: body as IntakeSchemas['SupplierIn'] });
    return this.api.intake.POST('/sites', { body: body as IntakeSchemas['SiteIn'] });
  }

  /** The version of any entity, for If-Match; or why it cannot be read. */
  async versionOf(type: EntityType, id: string): Promise<{ etag: string } | { problem: Problem }> {
    const answer: Answer<{ version: number }> =
      type === 'division'
        ? await this.api.intake.GET('/divisions/{division_id}', { params: { path: { division_id: id } } })
        : type === 'risk'
          ? await this.api.intake.GET('/risks/{risk_id}', { params: { path: { risk_id: id } } })
          : await this.get(type, id);
    return answer.data ? { etag: etagOf(answer.response, answer.data.version) } : { problem: problemOf(answer.response, answer.error) };
  }

  /** A name to show for any entity; its id when it cannot be read. */
  async nameOf(type: EntityType, id: string): Promise<string> {
    try {
      if (type === 'division') {
        await this.divisions.load();
        return this.divisions.name(id) || id;
      }
      if (type === 'risk') {
        const { data } = await this.api.intake.GET('/risks/{risk_id}', { params: { path: { risk_id: id } } });
        return data?.title ?? id;
      }
      const { data } = await this.get(type, id);
      return data ? label(data) : id;
    } catch {
      return id;
    }
  }

  /** Up to `limit` entities of a kind whose name (or code, title) has `q`. */
  async search(type: EntityType, q: string, limit = 10): Promise<Found[]> {
    const text = q.trim();
    if (type === 'division') {
      await this.divisions.load();
      const lower = text.toLowerCase();
      return this.divisions
        .tree()
        .filter((node) => !node.division.retired && node.path.toLowerCase().includes(lower))
        .slice(0, limit)
        .map((node) => ({ id: node.division.id, name: node.path }));
    }
    const query = { ...(text ? { q: text } : {}), limit, offset: 0 };
    if (type === 'risk') {
      const { data } = await this.api.intake.GET('/risks', { params: { query } });
      return (data?.items ?? []).map((risk) => ({ id: risk.id, name: risk.title }));
    }
    const { data } = await this.list(type, query);
    return (data?.items ?? []).map((entity) => ({ id: entity.id, name: label(entity) }));
  }
}

/** A product as "name (code)"; suppliers and sites by name (and country). */
export function label(entity: { name: string; code?: string | null; country?: string | null }): string {
  if (entity.code) return `${entity.name} (${entity.code})`;
  if (entity.country) return `${entity.name}, ${entity.country}`;
  return entity.name;
}
