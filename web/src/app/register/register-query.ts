import { ParamMap, Params } from '@angular/router';
import type { Category, RiskStatus } from '../api/api';
import { CATEGORIES, STATUSES } from '../shared/labels';

/** The register's view, as kept in the URL's query (so a view can be shared by link). */
export interface RegisterQuery {
  q: string;
  division: string;
  status: RiskStatus[];
  category: Category[];
  owner: string;
  tag: string;
  overdue: boolean;
  /** A column, "-" first for descending; empty for the API's default (newest changes). */
  sort: string;
  /** 1-based. */
  page: number;
  size: number;
}

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const SORTABLE = ['title', 'status', 'category', 'reviewDue', 'updatedAt', 'capturedAt'] as const;
const DEFAULT_SIZE = 20;

export function queryFromParams(params: ParamMap): RegisterQuery {
  const sort = params.get('sort') ?? '';
  const size = Number(params.get('size'));
  const page = Number(params.get('page'));
  return {
    q: params.get('q') ?? '',
    division: params.get('division') ?? '',
    status: params.getAll('status').filter((s): s is RiskStatus => (STATUSES as readonly string[]).includes(s)),
    category: params.getAll('category').filter((c): c is Category => (CATEGORIES as readonly string[]).includes(c)),
    owner: params.get('owner') ?? '',
    tag: params.get('tag') ?? '',
    overdue: params.get('overdue') === 'true',
    sort: (SORTABLE as readonly string[]).includes(sort.replace(/^-/, '')) ? sort : '',
    page: Number.isInteger(page) && page > 0 ? page : 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_SIZE,
  };
}

/** The query parameters of a view: defaults left out, so links stay short. */
export function paramsFromQuery(query: Partial<RegisterQuery>): Params {
  return {
    // Kept as typed (the form shows what the URL says): trimmed only when asking the API.
    q: query.q?.trim() ? query.q : null,
    division: query.division || null,
    status: query.status?.length ? query.status : null,
    category: query.category?.length ? query.category : null,
    owner: query.owner?.trim() ? query.owner : null,
    tag: query.tag?.trim() ? query.tag : null,
    overdue: query.overdue ? 'true' : null,
    sort: query.sort || null,
    page: query.page && query.page > 1 ? query.page : null,
    size: query.size && query.size !== DEFAULT_SIZE ? query.size : null,
  };
}

/** GET /risks's query for a view. */
export function apiQuery(query: RegisterQuery) {
  return {
    ...(query.q.trim().length >= 1 ? { q: query.q.trim() } : {}),
    ...(query.division ? { divisionId: query.division } : {}),
    ...(query.status.length ? { status: query.status } : {}),
    ...(query.category.length ? { category: query.category } : {}),
    ...(query.owner.trim() ? { owner: query.owner.trim() } : {}),
    ...(query.tag.trim() ? { tag: query.tag.trim() } : {}),
    ...(query.overdue ? { reviewOverdue: true } : {}),
    ...(query.sort ? { sort: query.sort } : {}),
    limit: query.size,
    offset: (query.page - 1) * query.size,
  };
}
