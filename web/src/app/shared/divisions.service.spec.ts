import type { Division } from '../api/api';
import { treeOrder } from './divisions.service';

const division = (id: string, name: string, parentId: string | null = null): Division =>
  ({ id, name, code: name.toUpperCase(), parentId, version: 1, retired: false });

describe('the division tree', () => {
  it('lists each division under its parent, siblings by name, with its path', () => {
    const nodes = treeOrder([
      division('b', 'Reagents', 'root'),
      division('root', 'Company'),
      division('a', 'Instruments', 'root'),
      division('c', 'PCR', 'b'),
      division('orphan', 'Local', 'not-visible'),
    ]);
    expect(nodes.map((n) => [n.path, n.depth])).toEqual([
      ['Company', 0],
      ['Company / Instruments', 1],
      ['Company / Reagents', 1],
      ['Company / Reagents / PCR', 2],
      ['Local', 0],
    ]);
  });
});
