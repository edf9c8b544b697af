import { ParamMap, Params } from '@angular/router';
import type { SolutionKind, SolutionStatus } from '../api/api';
import { SOLUTION_KINDS, SOLUTION_STATUSES } from '../shared/labels';

/** The solutions list's view, as kept in the URL's query (so a view can be shared by link). */
export interface SolutionsQuery {
  q: string;
  division: string;
  status: SolutionStatus[];
  kind: SolutionKind[];
  owner: string;
  overdue: boolean;
  /** A column, "-" first for descending; empty for the API's default (newest changes). */
  sort: string;
  /** 1-based. */
  page: number;
  size: number;
}

export const PAGE_SIZES = [10, 20, 50, 100] as const;
/** GET /solutions's sortable columns (its `sort` pattern). */
export const SORTABLE = ['title', 'status', 'kind', 'designEffectiveness', 'nextTestDue', 'dueDate', 'updatedAt'] as const;
const DEFAULT_SIZE = 20;

export function queryFromParams(params: ParamMap): SolutionsQuery {
  const sort = params.get('sort') ?? '';
  const size = Number(params.get('size'));
  const page = Number(params.get('page'));
  return {
    q: params.get('q') ?? '',
    division: params.get('division') ?? '',
    status: params.getAll('status').filter((s): s is SolutionStatus => (SOLUTION_STATUSES as readonly string[]).includes(s)),
    kind: params.getAll('kind').filter((k): k is SolutionKind => (SOLUTION_KINDS as readonly string[]).includes(k)),
    owner: params.get('owner') ?? '',
    overdue: params.get('overdue') === 'true',
    sort: (SORTABLE as readonly string[]).includes(sort.replace(/^-/, '')) ? sort : '',
    page: Number.isInteger(page) && page > 0 ? page : 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_SIZE,
  };
}

/** The query parameters of a view: defaults left out, so links stay short. */
export function paramsFromQuery(query: Partial<SolutionsQuery>): Params {
  return {
    q: query.q?.trim() ? query.q : null,
    division: query.division || null,
    status: query.status?.length ? query.status : null,
    kind: query.kind?.length ? query.kind : null,
    owner: query.owner?.trim() ? query.owner : null,
    overdue: query.overdue ? 'true' : null,
    sort: query.sort || null,
    page: query.page && query.page > 1 ? query.page : null,
    size: query.size && query.size !== DEFAULT_SIZE ? query.size : null,
  };
}

/** GET /solutions's query for a view. */
export function apiQuery(query: SolutionsQuery) {
  return {
    ...(query.q.trim().length >= 1 ? { q: query.q.trim() } : {}),
    ...(query.division ? { divisionId: query.division } : {}),
    ...(query.status.length ? { status: query.status } : {}),
    ...(query.kind.length ? { kind: query.kind } : {}),
    ...(query.owner.trim() ? { owner: query.owner.trim() } : {}),
    ...(query.overdue ? { testOverdue: true } : {}),
    ...(query.sort ? { sort: query.sort } : {}),
    limit: query.size,
    offset: (query.page - 1) * query.size,
  };
}
