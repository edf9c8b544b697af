import type { ParamMap, Params } from '@angular/router';
import type { IntakeSchemas } from '../api/api';
import type { Action, Role } from '../auth/roles';
import { can } from '../auth/roles';

/** Products, suppliers and sites (ADR 14): shared reference data that belongs to no
 * division, registered by whoever captures risks, read by whoever may read anything. */
export type Entity = IntakeSchemas['EntityOut'];
export type EntityDetails = IntakeSchemas['EntityDetailsOut'];
export type EntityType = IntakeSchemas['EntityType'];
export type Relation = IntakeSchemas['Relation'];
export type Relationship = IntakeSchemas['RelationshipOut'];
export type RelationshipIn = IntakeSchemas['RelationshipIn'];

/** The three kinds with their own pages. */
export type ReferenceType = 'product' | 'supplier' | 'site';

export interface ReferenceKind {
  type: ReferenceType;
  /** The route, e.g. "products". */
  path: string;
  one: string;
  many: string;
  /** What the list's search looks in. */
  searchLabel: string;
}

export const REFERENCE_KINDS: Readonly<Record<ReferenceType, ReferenceKind>> = {
  product: { type: 'product', path: 'products', one: 'Product', many: 'Products', searchLabel: 'Search name or code' },
  supplier: { type: 'supplier', path: 'suppliers', one: 'Supplier', many: 'Suppliers', searchLabel: 'Search name' },
  site: { type: 'site', path: 'sites', one: 'Site', many: 'Sites', searchLabel: 'Search name' },
};

export const TYPE_LABELS: Readonly<Record<EntityType, string>> = {
  division: 'Division',
  risk: 'Risk',
  product: 'Product',
  supplier: 'Supplier',
  site: 'Site',
};

/** A relationship as seen from one entity: which way it goes, and to what kind of thing.
 * The triples are the API's (RelationshipIn): a division sells a product; a product
 * depends on a supplier and is made at a site; a risk affects a product, supplier or site. */
export interface RelationKind {
  key: string;
  relation: Relation;
  /** true: this entity is the relationship's "from" side. */
  outgoing: boolean;
  other: EntityType;
  /** How it reads from this entity, e.g. "Depends on supplier". */
  label: string;
}

export const RELATION_KINDS: Readonly<Record<ReferenceType, readonly RelationKind[]>> = {
  product: [
    { key: 'depends_on', relation: 'depends_on', outgoing: true, other: 'supplier', label: 'Depends on supplier' },
    { key: 'made_at', relation: 'made_at', outgoing: true, other: 'site', label: 'Made at site' },
    { key: 'sold_by', relation: 'sells', outgoing: false, other: 'division', label: 'Sold by division' },
    { key: 'affected_by', relation: 'affects', outgoing: false, other: 'risk', label: 'Affected by risk' },
  ],
  supplier: [
    { key: 'supplies', relation: 'depends_on', outgoing: false, other: 'product', label: 'Supplies product' },
    { key: 'affected_by', relation: 'affects', outgoing: false, other: 'risk', label: 'Affected by risk' },
  ],
  site: [
    { key: 'makes', relation: 'made_at', outgoing: false, other: 'product', label: 'Makes product' },
    { key: 'affected_by', relation: 'affects', outgoing: false, other: 'risk', label: 'Affected by risk' },
  ],
};

/** One relationship of an entity, with the other end and how it reads from here. */
export interface RelationRow {
  relationship: Relationship;
  kind: RelationKind;
  otherType: EntityType;
  otherId: string;
  /** The entity whose version a change takes (If-Match): the "from" side. */
  fromType: EntityType;
  fromId: string;
}

export function relationRows(type: ReferenceType, id: string, relationships: readonly Relationship[]): RelationRow[] {
  const rows: RelationRow[] = [];
  for (const relationship of relationships) {
    const outgoing = relationship.fromId === id;
    const otherType = outgoing ? relationship.toType : relationship.fromType;
    const kind = RELATION_KINDS[type].find(
      (k) => k.relation === relationship.relation && k.outgoing === outgoing && k.other === otherType,
    );
    if (!kind) continue;
    rows.push({
      relationship,
      kind,
      otherType,
      otherId: outgoing ? relationship.toId : relationship.fromId,
      fromType: relationship.fromType,
      fromId: relationship.fromId,
    });
  }
  const order = (row: RelationRow) => RELATION_KINDS[type].indexOf(row.kind);
  return rows.sort((a, b) => order(a) - order(b));
}

/** The body of POST /relationships for a kind, from this entity to the one picked. */
export function relationshipBody(type: ReferenceType, id: string, kind: RelationKind, otherId: string): RelationshipIn {
  return kind.outgoing
    ? ({ fromType: type, fromId: id, relation: kind.relation, toType: kind.other, toId: otherId } as RelationshipIn)
    : ({ fromType: kind.other, fromId: otherId, relation: kind.relation, toType: type, toId: id } as RelationshipIn);
}

/** Who may change a relationship is who may change its "from" entity (ADR 14): a
 * division's, whoever writes risks or manages divisions; the others', whoever writes risks. */
export function mayChange(roles: readonly Role[], fromType: EntityType): boolean {
  const needs: Action[] = fromType === 'division' ? ['write-risks', 'manage-divisions'] : ['write-risks'];
  return needs.some((action) => can(roles, action));
}

/** The kinds this caller may add from this entity's page. */
export function addableKinds(roles: readonly Role[], type: ReferenceType): RelationKind[] {
  return RELATION_KINDS[type].filter((kind) => mayChange(roles, kind.outgoing ? type : kind.other));
}

/** The list's view, kept in the URL. */
export interface EntitiesQuery {
  q: string;
  /** 1-based. */
  page: number;
  size: number;
}

export const PAGE_SIZES = [10, 20, 50, 100] as const;
const DEFAULT_SIZE = 20;

export function entitiesQueryFromParams(params: ParamMap): EntitiesQuery {
  const size = Number(params.get('size'));
  const page = Number(params.get('page'));
  return {
    q: (params.get('q') ?? '').slice(0, 100),
    page: Number.isInteger(page) && page > 0 ? page : 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_SIZE,
  };
}

/** Only what differs from the defaults, so a link stays short. */
export function paramsFromEntitiesQuery(query: EntitiesQuery): Params {
  const params: Params = {};
  if (query.q.trim()) params['q'] = query.q.trim();
  if (query.page > 1) params['page'] = query.page;
  if (query.size !== DEFAULT_SIZE) params['size'] = query.size;
  return params;
}

/** GET /products (/suppliers, /sites)'s query. */
export function entitiesApiQuery(query: EntitiesQuery): { q?: string; limit: number; offset: number } {
  const q = query.q.trim();
  return { ...(q ? { q } : {}), limit: query.size, offset: (query.page - 1) * query.size };
}
