import type { Division } from '../api/api';
import { nest, subtreeIds } from './division-tree';

const division = (id: string, name: string, parentId: string | null = null): Division =>
  ({ id, name, code: name.toUpperCase(), parentId, version: 1, retired: false });

const ALL = [
  division('b', 'Reagents', 'root'),
  division('root', 'Company'),
  division('a', 'Instruments', 'root'),
  division('c', 'PCR', 'b'),
  division('orphan', 'Local', 'not-visible'),
];

describe('the division tree as nested items', () => {
  it('nests each division under its parent, siblings by name, with its path', () => {
    const roots = nest(ALL);
    const outline = (items: ReturnType<typeof nest>): unknown[] => items.map((i) => [i.path, outline(i.children)]);
    expect(outline(roots)).toEqual([
      ['Company', [['Company / Instruments', []], ['Company / Reagents', [['Company / Reagents / PCR', []]]]]],
      ['Local', []],
    ]);
  });

  it('knows a division\'s subtree, where it may not move', () => {
    expect([...subtreeIds(ALL, 'b')].sort()).toEqual(['b', 'c']);
    expect([...subtreeIds(ALL, 'root')].sort()).toEqual(['a', 'b', 'c', 'root']);
  });
});
