'use client';
/**
 * The learner's data: export it as a file (to keep, or to move to another browser), import a file
 * back (merged, never overwriting newer records; a bad file is refused and changes nothing), and
 * anything set aside because it could not be read.
 *
 * The import runs in a worker (lib/worker/progressImportClient.ts): a year of reviews is seconds
 * of checking and merging, which on the main thread froze the page. Meanwhile a labelled progress
 * bar shows how far it is, and the status line (polite) says each step once. The store takes in
 * the result only at the end, through its usual save, so nothing saved changes before then; a
 * result too big for the browser's storage is refused then, rather than kept for this visit only.
 */
import { useEffect, useRef, useState } from 'react';
import { progressFileName, progressToFile } from '../../lib/practice/progressFile';
import { describeImportProgress, type ImportProgress } from '../../lib/practice/progressImport';
import { mergeChangesNothing } from '../../lib/practice/progressMerge';
import { listSetAside, type SetAsideEntry } from '../../lib/practice/progressStorage';
import { progressStore } from '../../lib/stores/progressStore';
import { importProgressFile } from '../../lib/worker/progressImportClient';
import { DownloadSetAside } from './StorageNotices';
import { useProgress } from './useProgress';
import { setAsideLabel } from '../../lib/practice/setAsideLabel';

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function YourData() {
  const hydrated = useProgress((s) => s.hydrated);
  const writable = useProgress((s) => s.writable);
  const reviews = useProgress((s) => s.data.reviews.length);
  const notices = useProgress((s) => s.notices);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [importing, setImporting] = useState<{ name: string; progress: ImportProgress } | null>(null);
  const [setAside, setSetAside] = useState<SetAsideEntry[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => setSetAside(listSetAside(browserStorage())), [hydrated, notices]);

  const exportFile = () => {
    const now = new Date().toISOString();
    const url = URL.createObjectURL(new Blob([progressToFile(progressStore.getState().data, now)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = progressFileName(now);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setMessage({ ok: true, text: `Exported ${reviews} review${reviews === 1 ? '' : 's'} to ${progressFileName(now)}.` });
  };

  const importFile = async (file: File) => {
    const base = progressStore.getState().data;
    let phase: ImportProgress['phase'] | null = null;
    const onProgress = (progress: ImportProgress) => {
      setImporting({ name: file.name, progress });
      // Announced once per step; the bar and its label carry the counts.
      if (progress.phase !== phase) setMessage({ ok: true, text: `Importing ${file.name}: ${describeImportProgress({ ...progress, done: 0, total: 0 })}…` });
      phase = progress.phase;
    };
    onProgress({ phase: 'reading', done: 0, total: 0 });
    const result = await importProgressFile(file, base, { onProgress }).finally(() => {
      setImporting(null);
      // The file field was disabled meanwhile, which drops focus to the page: give it back.
      if (document.activeElement === document.body) requestAnimationFrame(() => fileInput.current?.focus());
    });
    if (!result.ok) {
      setMessage({
        ok: false,
        text: 'unreadable' in result ? `Could not read ${file.name}: ${result.unreadable}. Nothing was changed.` : `Not imported: ${result.reason}. Nothing was changed.`,
      });
      return;
    }
    const accepted = progressStore.getState().acceptImport(base, result.data, result.serialized);
    if (!accepted.ok) {
      const mb = (accepted.characters / 1e6).toFixed(1);
      setMessage({
        ok: false,
        text: `Not imported: with ${file.name}, your progress would take ${mb} MB, and this browser has no room for that in its storage for this site, so it could not be saved. Nothing was changed; your progress here and your file are as they were.`,
      });
      return;
    }
    const { summary } = result;
    const parts = [
      `${summary.addedReviews} new review${summary.addedReviews === 1 ? '' : 's'}`,
      `${summary.addedMocks} mock interview${summary.addedMocks === 1 ? '' : 's'}`,
      summary.addedCards > 0 ? `${summary.addedCards} scheduled question${summary.addedCards === 1 ? '' : 's'}` : '',
      summary.settingsChanged ? 'newer settings' : '',
    ].filter(Boolean);
    const leftOut = result.unknown.length > 0 ? ` Fields this version does not use were left out (${result.unknown.slice(0, 4).join(', ')}); your file still has them.` : '';
    setMessage({
      ok: true,
      text:
        (mergeChangesNothing(summary)
          ? `Imported ${file.name}: you already had everything in it.`
          : `Imported ${file.name}: ${parts.join(', ')} merged in; nothing you had was replaced.`) + leftOut,
    });
  };

  const remove = (key: string) => {
    if (!window.confirm('Delete this set-aside data for good? Download it first if you might want it.')) return;
    try {
      window.localStorage.removeItem(key);
    } catch {
      // Storage gone: nothing to remove.
    }
    setSetAside(listSetAside(browserStorage()));
  };

  return (
    <section id="your-data" aria-labelledby="your-data-title" className="your-data">
      <h2 id="your-data-title">Your data</h2>
      <p>
        Progress stays in this browser only; nothing is sent anywhere. {hydrated && !writable ? <strong>It is not being saved right now (see the notice above). </strong> : null}
        Export a file to keep a copy or to continue in another browser; importing merges it with what is here.
      </p>
      <p className="practice-actions">
        <button type="button" onClick={exportFile} disabled={!hydrated || importing !== null}>
          Export progress
        </button>{' '}
        <label className="button-like">
          Import a file…
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            className="visually-hidden"
            disabled={!hydrated || importing !== null}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void importFile(file);
              e.target.value = '';
            }}
          />
        </label>
      </p>
      {importing && (
        <div className="import-progress">
          <label htmlFor="import-progress-bar">
            Importing {importing.name}: {describeImportProgress(importing.progress)}…
          </label>
          <progress
            id="import-progress-bar"
            max={importing.progress.total || undefined}
            value={importing.progress.phase === 'checking' && importing.progress.total > 0 ? importing.progress.done : undefined}
          />
        </div>
      )}
      {/* While the bar is up its label shows the step: the status line is then for screen readers only. */}
      <p role="status" className={importing ? 'visually-hidden' : message && !message.ok ? 'import-error' : undefined}>
        {message?.text}
      </p>
      {setAside.length > 0 && (
        <>
          <h3>Set aside</h3>
          <p>Saved data this site could not read, kept as it was. Download it to keep it; after fixing a copy you can import it.</p>
          <ul>
            {setAside.map((entry) => (
              <li key={entry.key}>
                {setAsideLabel(entry)}. <DownloadSetAside storageKey={entry.key} label="Download" />{' '}
                <button type="button" onClick={() => remove(entry.key)}>
                  Delete
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
