import { convertToParamMap } from '@angular/router';
import { apiQuery, paramsFromQuery, queryFromParams } from './solutions-query';

describe('the solutions view in the URL', () => {
  it('reads filters, sort and page from the query, ignoring what the API would refuse', () => {
    const query = queryFromParams(
      convertToParamMap({
        q: 'seal',
        status: ['active', 'bogus', 'planned'],
        kind: ['preventive', 'curative'],
        owner: 'a@b.co',
        overdue: 'true',
        sort: '-nextTestDue',
        page: '2',
        size: '50',
      }),
    );
    expect(query).toEqual({
      q: 'seal', division: '', status: ['active', 'planned'], kind: ['preventive'], owner: 'a@b.co',
      overdue: true, sort: '-nextTestDue', page: 2, size: 50,
    });
    expect(queryFromParams(convertToParamMap({ sort: 'category', page: '0', size: '7' }))).toMatchObject({ sort: '', page: 1, size: 20 });
  });

  it('writes short links and round-trips a view', () => {
    const params = paramsFromQuery({ q: ' ', status: [], kind: [], overdue: false, sort: 'title', page: 1, size: 20 });
    expect(Object.entries(params).filter(([, v]) => v !== null)).toEqual([['sort', 'title']]);
    const view = queryFromParams(convertToParamMap({ division: 'd1', kind: 'mitigating', status: ['degraded'], page: '3' }));
    const again = queryFromParams(convertToParamMap(Object.fromEntries(Object.entries(paramsFromQuery(view)).filter(([, v]) => v !== null))));
    expect(again).toEqual(view);
  });

  it('asks GET /solutions for the page in view, with its own parameter names', () => {
    const query = queryFromParams(convertToParamMap({ division: 'd1', overdue: 'true', kind: 'preventive', page: '3', size: '10', q: 'seal' }));
    expect(apiQuery(query)).toEqual({ q: 'seal', divisionId: 'd1', kind: ['preventive'], testOverdue: true, limit: 10, offset: 20 });
  });
});
