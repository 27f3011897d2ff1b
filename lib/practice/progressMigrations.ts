/**
 * Every earlier shape of stored progress, and the step that lifts each to the next. Data is
 * migrated before it is checked (lib/practice/progressSchema.ts), from storage and from imported
 * files alike, so a file exported by an old version still imports. Add a step here, and a test
 * from each earlier version in tests/progressMigrations.test.ts, whenever ProgressData changes.
 */
import { setOwn } from './progressSchema';
import { PROGRESS_VERSION } from './progressTypes';

/**
 * Version 1, the first shape: review cards with ts-fsrs's `elapsedDays` and without the learning
 * step, the daily cap of new questions at the top level, no mock interviews.
 */
export interface ProgressV1 {
  version: 1;
  cards: Record<
    string,
    { due: string; stability: number; difficulty: number; elapsedDays: number; scheduledDays: number; reps: number; lapses: number; state: string; lastReview: string | null }
  >;
  reviews: unknown[];
  newPerDay: number;
}

type Migration = (data: Record<string, unknown>) => Record<string, unknown>;

/** MIGRATIONS[v] turns version v into version v + 1. */
const MIGRATIONS: Readonly<Record<number, Migration>> = {
  1: (v1) => {
    const cards: Record<string, unknown> = {};
    const oldCards = isObject(v1.cards) ? v1.cards : {};
    for (const [id, card] of Object.entries(oldCards)) {
      // setOwn: a "__proto__" id must stay a key for the check to name and drop, not become a prototype.
      if (!isObject(card)) {
        setOwn(cards, id, card); // left for the check to name and drop
        continue;
      }
      const { elapsedDays: _dropped, ...rest } = card;
      // Version 1 did not record the step; 0 restarts a learning card's steps, which is safe.
      setOwn(cards, id, { ...rest, learningSteps: 0 });
    }
    return {
      version: 2,
      cards,
      reviews: v1.reviews,
      mocks: [],
      settings: { newPerDay: v1.newPerDay, updatedAt: new Date(0).toISOString() },
    };
  },
  // Version 3 added /practice's filters to the settings (`settings.filters`, optional). Version 2
  // had none saved, which is what an absent field means, so only the number changes; the step
  // exists so that a tab still running version 2 refuses version 3 data rather than drop the filters.
  2: (v2) => ({ ...v2, version: 3 }),
  // Version 4 added the step-through's predictions (`predictions`, a list). Version 3 recorded
  // none, so the list starts empty; a tab still on version 3 refuses version 4 data rather than
  // write it back without them.
  3: (v3) => ({ ...v3, version: 4, predictions: [] }),
};

export type MigrationResult = { ok: true; value: Record<string, unknown>; from: number } | { ok: false; reason: string };

export function migrateProgress(value: unknown): MigrationResult {
  if (!isObject(value)) return { ok: false, reason: 'this is not progress data (expected an object)' };
  const version = value.version;
  if (!Number.isInteger(version) || (version as number) < 1) return { ok: false, reason: `this is not progress data from this site (its "version" is ${JSON.stringify(version) ?? 'missing'})` };
  if ((version as number) > PROGRESS_VERSION) {
    return { ok: false, reason: `this progress was saved by a newer version of the site (data version ${version}; this page reads up to ${PROGRESS_VERSION}). Reload to get the new version.` };
  }
  let data = value;
  for (let v = version as number; v < PROGRESS_VERSION; v++) data = MIGRATIONS[v](data);
  return { ok: true, value: data, from: version as number };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
