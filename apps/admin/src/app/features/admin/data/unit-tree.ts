import type { UnitDto } from '@taizhang/contracts';

export interface UnitNode {
  unit: UnitDto;
  children: UnitNode[];
}

/** Flat units → a forest (roots = units without a known parent), children sorted by code. */
export function buildUnitTree(units: readonly UnitDto[]): UnitNode[] {
  const nodes = new Map<string, UnitNode>(units.map((u) => [u.id, { unit: u, children: [] }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: UnitNode[]): void => {
    list.sort((a, b) => a.unit.code.localeCompare(b.unit.code));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}
