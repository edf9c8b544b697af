import { convertToParamMap } from '@angular/router';
import { apiQuery, paramsFromQuery, queryFromParams } from './register-query';

describe('the register view in the URL', () => {
  it('reads filters, sort and page from the query, ignoring what the API would refuse', () => {
    const query = queryFromParams(
      convertToParamMap({
        q: 'seal',
        status: ['open', 'bogus', 'mitigating'],
        category: 'cyber',
        owner: 'a@b.co',
        overdue: 'true',
        sort: '-title',
        page: '3',
        size: '50',
      }),
    );
    expect(query).toEqual({
      q: 'seal', division: '', status: ['open', 'mitigating'], category: ['cyber'], owner: 'a@b.co', tag: '',
      overdue: true, sort: '-title', page: 3, size: 50,
    });
    expect(queryFromParams(convertToParamMap({ sort: 'score', page: '-1', size: '7' }))).toMatchObject({ sort: '', page: 1, size: 20 });
  });

  it('writes short links: defaults are left out', () => {
    const params = paramsFromQuery({ q: ' ', status: [], overdue: false, sort: 'title', page: 1, size: 20 });
    expect(Object.entries(params).filter(([, v]) => v !== null)).toEqual([['sort', 'title']]);
  });

  it('round-trips a view through the URL', () => {
    const view = queryFromParams(convertToParamMap({ division: 'd1', tag: 'pcr', status: ['open'], page: '2' }));
    const again = queryFromParams(convertToParamMap(Object.fromEntries(Object.entries(paramsFromQuery(view)).filter(([, v]) => v !== null))));
    expect(again).toEqual(view);
  });

  it('asks GET /risks for the page in view', () => {
    const query = queryFromParams(convertToParamMap({ division: 'd1', overdue: 'true', page: '3', size: '10', q: 'seal' }));
    expect(apiQuery(query)).toEqual({ q: 'seal', divisionId: 'd1', reviewOverdue: true, limit: 10, offset: 20 });
  });
});
