import type { Division } from '../api/api';
import { treeOrder } from '../shared/divisions.service';

/** A division with the divisions under it, for the Material tree. */
export interface TreeItem {
  division: Division;
  path: string;
  children: TreeItem[];
}

/** The divisions as nested items, siblings by name (a division whose parent the caller
 * cannot see is a root of what they see). */
export function nest(divisions: readonly Division[]): TreeItem[] {
  const roots: TreeItem[] = [];
  const items = new Map<string, TreeItem>();
  for (const node of treeOrder(divisions)) {
    const item: TreeItem = { division: node.division, path: node.path, children: [] };
    items.set(node.division.id, item);
    const parent = node.depth > 0 && node.division.parentId ? items.get(node.division.parentId) : undefined;
    (parent ? parent.children : roots).push(item);
  }
  return roots;
}

/** The ids of a division and every division under it: where it may not move. */
export function subtreeIds(divisions: readonly Division[], id: string): Set<string> {
  const found = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const division of divisions) {
      if (division.parentId && found.has(division.parentId) && !found.has(division.id)) {
        found.add(division.id);
        grew = true;
      }
    }
  }
  return found;
}
