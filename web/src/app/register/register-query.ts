import { ParamMap, Params } from '@angular/router';
import type { Basis, Category, ReportRisk, RiskStatus, RiskSummary } from '../api/api';
import { enums as reportingEnums } from '../api/generated/reporting.constraints';
import { CATEGORIES, STATUSES } from '../shared/labels';

/** The register's view, as kept in the URL's query (so a view can be shared by link). */
export interface RegisterQuery {
  q: string;
  division: string;
  status: RiskStatus[];
  category: Category[];
  owner: string;
  tag: string;
  /** The owner's planned review date has passed (the model's cadence is the dashboards'). */
  planned: boolean;
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
    planned: params.get('planned') === 'true',
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
    planned: query.planned ? 'true' : null,
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
    ...(query.planned ? { plannedReviewPassed: true } : {}),
    ...(query.sort ? { sort: query.sort } : {}),
    limit: query.size,
    offset: (query.page - 1) * query.size,
  };
}

/** A heat map's cell the register is narrowed to (from the dashboards): the risks whose
 * inherent, current or target cell it is, listed by the reporting API. */
export interface CellFilter {
  basis: Basis;
  likelihood: number;
  impact: number;
}

const BASES = reportingEnums.Basis as readonly Basis[];
const BASIS_NAMES: Readonly<Record<Basis, string>> = { inherent: 'inherent', current: 'current', target: 'target' };

/** The cell in the URL: all three of basis, likelihood and impact (1 to 6), or none. */
export function cellFromParams(params: ParamMap): CellFilter | null {
  const basis = params.get('basis') ?? '';
  const likelihood = Number(params.get('likelihood'));
  const impact = Number(params.get('impact'));
  const rating = (n: number) => Number.isInteger(n) && n >= 1 && n <= 6;
  if (!(BASES as readonly string[]).includes(basis) || !rating(likelihood) || !rating(impact)) return null;
  return { basis: basis as Basis, likelihood, impact };
}

/** The cell's query parameters (all null without a cell, which removes them). */
export function cellParams(cell: CellFilter | null): Params {
  return { basis: cell?.basis ?? null, likelihood: cell?.likelihood ?? null, impact: cell?.impact ?? null };
}

/** What the chip for the cell says. */
export function cellLabel(cell: CellFilter): string {
  return `Heat map: ${BASIS_NAMES[cell.basis]} · likelihood ${cell.likelihood} × impact ${cell.impact}`;
}

/** GET /reports/risks's query for the page of a cell in view (only the division of the
 * register's other filters applies to it). */
export function reportQuery(query: RegisterQuery, cell: CellFilter) {
  return {
    basis: cell.basis,
    likelihood: cell.likelihood,
    impact: cell.impact,
    ...(query.division ? { divisionId: query.division } : {}),
    sort: cell.basis === 'inherent' ? ('-score' as const) : ('-currentResidual' as const),
    limit: query.size,
    offset: (query.page - 1) * query.size,
  };
}

/** GET /reports/risks's query for every risk of the cell in view, as a CSV file. */
export function reportExportQuery(query: RegisterQuery, cell: CellFilter) {
  const { limit: _limit, offset: _offset, ...rest } = reportQuery(query, cell);
  return { ...rest, format: 'csv' as const };
}

/** A row of the register: a risk from intake's list, or from reporting's for a cell. */
export interface RegisterRow {
  id: string;
  divisionId: string;
  title: string;
  category: string;
  status: string;
  ownerEmail: string;
  reviewDue: string | null;
  tags: readonly string[];
  updatedAt: string | null;
  /** What changes when the risk does (its version, or its score's). */
  version: string;
  /** Its likelihood and impact on the cell's basis ("3 × 4"); empty outside a cell. */
  cell: string;
}

export function rowFromSummary(risk: RiskSummary): RegisterRow {
  const { id, divisionId, title, category, status, ownerEmail, reviewDue, tags, updatedAt, version } = risk;
  return {
    id, divisionId, title, category, status, ownerEmail, reviewDue: reviewDue ?? null, tags, updatedAt, version: String(version), cell: '',
  };
}

export function rowFromReport(risk: ReportRisk, basis: Basis): RegisterRow {
  const grade =
    basis === 'inherent'
      ? { likelihood: risk.likelihood, impact: risk.impact }
      : (basis === 'current' ? risk.currentResidual : risk.targetResidual) ?? { likelihood: null, impact: null };
  return {
    id: risk.riskId,
    divisionId: risk.divisionId,
    title: risk.title ?? risk.riskId,
    category: risk.category ?? '',
    status: risk.status ?? '',
    ownerEmail: risk.ownerEmail ?? '',
    reviewDue: risk.reviewDue ?? null,
    tags: [],
    updatedAt: null,
    version: `${risk.scoreVersion ?? ''}`,
    cell: grade.likelihood && grade.impact ? `${grade.likelihood} × ${grade.impact}` : '',
  };
}
