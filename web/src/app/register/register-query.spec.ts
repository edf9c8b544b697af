import { convertToParamMap } from '@angular/router';
import type { ReportRisk } from '../api/api';
import {
  apiQuery, cellFromParams, cellLabel, cellParams, paramsFromQuery, queryFromParams, reportExportQuery, reportQuery, rowFromReport,
} from './register-query';

describe('the register view in the URL', () => {
  it('reads filters, sort and page from the query, ignoring what the API would refuse', () => {
    const query = queryFromParams(
      convertToParamMap({
        q: 'seal',
        status: ['open', 'bogus', 'mitigating'],
        category: 'cyber',
        owner: 'a@b.co',
        planned: 'true',
        sort: '-title',
        page: '3',
        size: '50',
      }),
    );
    expect(query).toEqual({
      q: 'seal', division: '', status: ['open', 'mitigating'], category: ['cyber'], owner: 'a@b.co', tag: '',
      planned: true, sort: '-title', page: 3, size: 50,
    });
    expect(queryFromParams(convertToParamMap({ sort: 'score', page: '-1', size: '7' }))).toMatchObject({ sort: '', page: 1, size: 20 });
  });

  it('writes short links: defaults are left out', () => {
    const params = paramsFromQuery({ q: ' ', status: [], planned: false, sort: 'title', page: 1, size: 20 });
    expect(Object.entries(params).filter(([, v]) => v !== null)).toEqual([['sort', 'title']]);
  });

  it('round-trips a view through the URL', () => {
    const view = queryFromParams(convertToParamMap({ division: 'd1', tag: 'pcr', status: ['open'], page: '2' }));
    const again = queryFromParams(convertToParamMap(Object.fromEntries(Object.entries(paramsFromQuery(view)).filter(([, v]) => v !== null))));
    expect(again).toEqual(view);
  });

  it('asks GET /risks for the page in view', () => {
    const query = queryFromParams(convertToParamMap({ division: 'd1', planned: 'true', page: '3', size: '10', q: 'seal' }));
    expect(apiQuery(query)).toEqual({ q: 'seal', divisionId: 'd1', plannedReviewPassed: true, limit: 10, offset: 20 });
  });
});

describe("a heat map's cell in the register's URL", () => {
  it('reads basis, likelihood and impact together, or none of them', () => {
    expect(cellFromParams(convertToParamMap({ basis: 'current', likelihood: '3', impact: '4' }))).toEqual({
      basis: 'current', likelihood: 3, impact: 4,
    });
    expect(cellFromParams(convertToParamMap({ basis: 'current', likelihood: '3' }))).toBeNull();
    expect(cellFromParams(convertToParamMap({ basis: 'residual', likelihood: '3', impact: '4' }))).toBeNull();
    expect(cellFromParams(convertToParamMap({ basis: 'target', likelihood: '7', impact: '1' }))).toBeNull();
    expect(cellFromParams(convertToParamMap({ basis: 'target', likelihood: '2.5', impact: '1' }))).toBeNull();
    expect(cellFromParams(convertToParamMap({ q: 'seal' }))).toBeNull();
  });

  it('leaves the register\'s own view as it was', () => {
    const params = convertToParamMap({ basis: 'current', likelihood: '3', impact: '4', division: 'd1', page: '2' });
    expect(queryFromParams(params)).toMatchObject({ division: 'd1', page: 2, q: '', status: [] });
  });

  it('says what it is on the chip, and is removed by null parameters', () => {
    expect(cellLabel({ basis: 'current', likelihood: 3, impact: 4 })).toBe('Heat map: current · likelihood 3 × impact 4');
    expect(cellParams({ basis: 'inherent', likelihood: 1, impact: 5 })).toEqual({ basis: 'inherent', likelihood: 1, impact: 5 });
    expect(cellParams(null)).toEqual({ basis: null, likelihood: null, impact: null });
  });

  it('asks GET /reports/risks for the page of the cell in the division', () => {
    const query = queryFromParams(convertToParamMap({ division: 'd1', status: ['open'], page: '2', size: '10' }));
    expect(reportQuery(query, { basis: 'current', likelihood: 3, impact: 4 })).toEqual({
      basis: 'current', likelihood: 3, impact: 4, divisionId: 'd1', sort: '-currentResidual', limit: 10, offset: 10,
    });
    expect(reportQuery(queryFromParams(convertToParamMap({})), { basis: 'inherent', likelihood: 1, impact: 1 })).toEqual({
      basis: 'inherent', likelihood: 1, impact: 1, sort: '-score', limit: 20, offset: 0,
    });
  });

  it('exports every risk of the cell, not a page', () => {
    const query = queryFromParams(convertToParamMap({ division: 'd1', page: '3' }));
    expect(reportExportQuery(query, { basis: 'target', likelihood: 2, impact: 5 })).toEqual({
      basis: 'target', likelihood: 2, impact: 5, divisionId: 'd1', sort: '-currentResidual', format: 'csv',
    });
  });

  it("shows a reported risk with its place on the cell's basis", () => {
    const risk = {
      riskId: 'r1', divisionId: 'd1', title: 'Seal failure', category: 'operational', ownerEmail: 'a@b.co', status: 'open',
      reviewDue: null, likelihood: 5, impact: 4, scoreVersion: 3,
      currentResidual: { likelihood: 3, impact: 4, score: 12, level: 'high', acceptability: null }, targetResidual: null,
    } as unknown as ReportRisk;
    expect(rowFromReport(risk, 'current')).toEqual({
      id: 'r1', divisionId: 'd1', title: 'Seal failure', category: 'operational', status: 'open', ownerEmail: 'a@b.co',
      reviewDue: null, tags: [], updatedAt: null, version: '3', cell: '3 × 4',
    });
    expect(rowFromReport(risk, 'inherent').cell).toBe('5 × 4');
    expect(rowFromReport(risk, 'target').cell).toBe('');
  });
});
