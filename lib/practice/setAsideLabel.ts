/**
 * How the "Set aside" list names an entry: when, why, and how big, in words. The stored key holds
 * an ISO time and a reason tag (progressStorage.ts: `…set-aside:<iso>~unreadable`), which the list
 * used to print as they were ("2026-12-07T16:20:03.120Z (1 KB)", 1 KB for 40 characters).
 */
import type { SetAsideEntry } from './progressStorage';

const REASONS: Record<string, string> = {
  unreadable: 'could not be read',
  'unknown-fields': 'had fields this version of the site does not know (saved by a newer version?)',
};

export function setAsideLabel(entry: SetAsideEntry, timeZone?: string): string {
  const date = new Date(entry.savedAt);
  const when = Number.isNaN(date.getTime())
    ? 'at an unknown time'
    : `on ${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(date)}`;
  const tag = entry.key.split('~')[1]?.replace(/-\d+$/, '') ?? '';
  const why = REASONS[tag] ?? 'could not be used';
  return `Set aside ${when}: ${why}; ${size(entry.characters)}`;
}

function size(characters: number): string {
  if (characters < 1000) return `${characters} ${characters === 1 ? 'character' : 'characters'}`;
  const kb = characters / 1024;
  return `${kb < 10 ? kb.toFixed(1) : Math.round(kb)} KB`;
}
