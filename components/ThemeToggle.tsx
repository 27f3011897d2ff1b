'use client';

/**
 * Switches between the light and the dark theme. The theme lives in `data-theme` on <html>, set
 * before the first paint by the inline script of the root layout (app/themeBootScript.ts), so this
 * component only reads and flips that attribute.
 *
 * The choice is stored only while it differs from the system's: switching back to what the system
 * prefers forgets the override, so the site follows the system again (the default).
 */

import { useSyncExternalStore } from 'react';
import { darkSchemeQuery, themeStorageKey, type Theme } from '../lib/theme';

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function systemTheme(): Theme {
  return window.matchMedia(darkSchemeQuery).matches ? 'dark' : 'light';
}

function storedTheme(): Theme | null {
  try {
    const value = window.localStorage.getItem(themeStorageKey);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    // Storage can be disabled (privacy settings, sandboxed frames); the toggle still works per page.
    return null;
  }
}

function currentTheme(): Theme {
  const value = document.documentElement.getAttribute('data-theme');
  return value === 'dark' || value === 'light' ? value : systemTheme();
}

function applyTheme(theme: Theme): void {
  document.documentElement.setAttribute('data-theme', theme);
  notify();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const media = window.matchMedia(darkSchemeQuery);
  const followSystem = () => {
    if (storedTheme() === null) applyTheme(systemTheme());
  };
  media.addEventListener('change', followSystem);
  return () => {
    listeners.delete(listener);
    media.removeEventListener('change', followSystem);
  };
}

function chooseTheme(theme: Theme): void {
  try {
    if (theme === systemTheme()) window.localStorage.removeItem(themeStorageKey);
    else window.localStorage.setItem(themeStorageKey, theme);
  } catch {
    // See storedTheme: without storage the choice lasts until the next page load.
  }
  applyTheme(theme);
}

export function ThemeToggle() {
  // null while prerendering and hydrating: the server cannot know the theme.
  const theme = useSyncExternalStore<Theme | null>(subscribe, currentTheme, () => null);
  const isDark = theme === 'dark';
  return (
    <button
      type="button"
      className="theme-toggle"
      aria-pressed={theme === null ? undefined : isDark}
      onClick={() => chooseTheme(isDark ? 'light' : 'dark')}
    >
      <span aria-hidden="true" className="theme-toggle-icon">
        ☾
      </span>
      <span className="theme-toggle-label">Dark theme</span>
    </button>
  );
}
