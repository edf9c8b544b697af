import { convertToParamMap } from '@angular/router';
import {
  Relationship, addableKinds, entitiesApiQuery, entitiesQueryFromParams, paramsFromEntitiesQuery, relationRows, relationshipBody,
  RELATION_KINDS,
} from './entity-kinds';

const rel = (id: string, fromType: Relationship['fromType'], fromId: string, relation: Relationship['relation'],
  toType: Relationship['toType'], toId: string): Relationship => ({ id, fromType, fromId, relation, toType, toId });

describe('a product\'s relationships', () => {
  const relationships = [
    rel('r1', 'risk', 'risk-1', 'affects', 'product', 'p1'),
    rel('r2', 'product', 'p1', 'depends_on', 'supplier', 's1'),
    rel('r3', 'division', 'd1', 'sells', 'product', 'p1'),
    rel('r4', 'product', 'p1', 'made_at', 'site', 'x1'),
  ];

  it('read from the product, in a fixed order, each with its other end and "from" side', () => {
    const rows = relationRows('product', 'p1', relationships);
    expect(rows.map((r) => `${r.kind.label}: ${r.otherType} ${r.otherId} (from ${r.fromType})`)).toEqual([
      'Depends on supplier: supplier s1 (from product)',
      'Made at site: site x1 (from product)',
      'Sold by division: division d1 (from division)',
      'Affected by risk: risk risk-1 (from risk)',
    ]);
  });

  it('read from a supplier: the products that depend on it', () => {
    const rows = relationRows('supplier', 's1', [rel('r2', 'product', 'p1', 'depends_on', 'supplier', 's1')]);
    expect(rows.map((r) => [r.kind.label, r.otherId])).toEqual([['Supplies product', 'p1']]);
  });
});

describe('adding a relationship', () => {
  it('sends the API\'s triple, from this entity or to it', () => {
    const [dependsOn, , soldBy] = RELATION_KINDS.product;
    expect(relationshipBody('product', 'p1', dependsOn, 's1')).toEqual({
      fromType: 'product', fromId: 'p1', relation: 'depends_on', toType: 'supplier', toId: 's1',
    });
    expect(relationshipBody('product', 'p1', soldBy, 'd1')).toEqual({
      fromType: 'division', fromId: 'd1', relation: 'sells', toType: 'product', toId: 'p1',
    });
    const [supplies] = RELATION_KINDS.supplier;
    expect(relationshipBody('supplier', 's1', supplies, 'p1')).toEqual({
      fromType: 'product', fromId: 'p1', relation: 'depends_on', toType: 'supplier', toId: 's1',
    });
  });

  it('is offered as the roles allow: analysts all, admins only a division\'s, executives none', () => {
    expect(addableKinds(['analyst'], 'product').map((k) => k.key)).toEqual(['depends_on', 'made_at', 'sold_by', 'affected_by']);
    expect(addableKinds(['admin'], 'product').map((k) => k.key)).toEqual(['sold_by']);
    expect(addableKinds(['admin'], 'site')).toEqual([]);
    expect(addableKinds(['executive'], 'product')).toEqual([]);
  });
});

describe('the list\'s view in the URL', () => {
  it('reads and writes the search and page, ignoring what is not valid', () => {
    const query = entitiesQueryFromParams(convertToParamMap({ q: 'resin', page: '3', size: '50' }));
    expect(query).toEqual({ q: 'resin', page: 3, size: 50 });
    expect(paramsFromEntitiesQuery(query)).toEqual({ q: 'resin', page: 3, size: 50 });
    expect(entitiesApiQuery(query)).toEqual({ q: 'resin', limit: 50, offset: 100 });
    expect(entitiesQueryFromParams(convertToParamMap({ page: '-1', size: '7' }))).toEqual({ q: '', page: 1, size: 20 });
    expect(paramsFromEntitiesQuery({ q: ' ', page: 1, size: 20 })).toEqual({});
    expect(entitiesApiQuery({ q: '', page: 1, size: 20 })).toEqual({ limit: 20, offset: 0 });
  });
});
