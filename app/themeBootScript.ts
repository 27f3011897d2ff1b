/**
 * The theme is `data-theme="light" | "dark"` on <html>. This script sets it in <head>, before
 * anything paints, from the stored choice or else the system's preference, so a dark-theme reader
 * never sees a white flash. Its text is inlined, hence tiny and free of imports. It lives
 * outside components/ThemeToggle.tsx because that is a client module, whose non-component exports
 * reach server components only as references, not values. The names it shares with the toggle
 * are in lib/theme.ts.
 */
import { darkSchemeQuery, themeStorageKey } from '../lib/theme';

export const themeBootScript = `(function(){var t=null;try{t=localStorage.getItem(${JSON.stringify(themeStorageKey)})}catch(e){}if(t!=="light"&&t!=="dark"){t=window.matchMedia&&window.matchMedia(${JSON.stringify(darkSchemeQuery)}).matches?"dark":"light"}document.documentElement.setAttribute("data-theme",t)})()`;
