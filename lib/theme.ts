/**
 * The theme's shared names: `data-theme="light" | "dark"` on <html>, the localStorage key of a
 * learner's choice, and the media query of the system's preference. The boot script of the root
 * layout (app/themeBootScript.ts) and the toggle (components/ThemeToggle.tsx) must agree on them,
 * and a component may not import a route module, so they live here.
 */

export type Theme = 'light' | 'dark';

export const themeStorageKey = 'attention-lab-theme';

export const darkSchemeQuery = '(prefers-color-scheme: dark)';
