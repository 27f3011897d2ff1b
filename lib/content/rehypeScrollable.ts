/**
 * Wide blocks (display formulas, tables) scroll sideways on a phone instead of widening the page,
 * and a region that scrolls must be reachable by keyboard (WCAG 2.1.1; axe's
 * scrollable-region-focusable): display math gets tabindex 0 and a label, tables are wrapped in a
 * focusable scroll box.
 */
import type { Element, Root, RootContent } from 'hast';

function classList(element: Element): string[] {
  const value: unknown = element.properties?.className;
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : [];
}

export function makeWideBlocksScrollable(tree: Root): void {
  const visit = (parent: Root | Element): void => {
    parent.children.forEach((child: RootContent, index) => {
      if (child.type !== 'element') return;
      if (classList(child).includes('katex-display')) {
        child.properties = { ...child.properties, tabIndex: 0, role: 'group', ariaLabel: 'Formula' };
        return;
      }
      if (child.tagName === 'table') {
        const wrapper: Element = {
          type: 'element',
          tagName: 'div',
          properties: { className: ['table-scroll'], tabIndex: 0, role: 'group', ariaLabel: 'Table' },
          children: [child],
        };
        parent.children[index] = wrapper;
        return;
      }
      visit(child);
    });
  };
  visit(tree);
}
