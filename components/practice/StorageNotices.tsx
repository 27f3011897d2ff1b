'use client';
/**
 * What went wrong with saved progress, said plainly, with what the learner can do: download data
 * that was set aside (it is never deleted for them), export before closing a tab whose progress
 * cannot be saved.
 */
import { IntentLink } from '../IntentLink';
import { progressFileName } from '../../lib/practice/progressFile';
import type { StorageNotice } from '../../lib/practice/progressStorage';
import { progressStore } from '../../lib/stores/progressStore';
import { useProgress } from './useProgress';

export function StorageNotices() {
  const notices = useProgress((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <div className="storage-notices">
      {notices.map((notice, i) => (
        <div key={i} className="notice" role="alert" data-notice-kind={notice.kind}>
          <NoticeText notice={notice} />
          <p>
            <button type="button" onClick={() => progressStore.getState().dismissNotice(i)}>
              Dismiss
            </button>
          </p>
        </div>
      ))}
    </div>
  );
}

function NoticeText({ notice }: { notice: StorageNotice }) {
  switch (notice.kind) {
    case 'unavailable':
      return (
        <p>
          <strong>Your progress cannot be saved in this browser</strong> (private browsing, or site data is switched off). Practice works until you close this tab;{' '}
          <IntentLink href="/progress/#your-data">export your progress</IntentLink> before you leave to keep it. <span className="meta">({notice.detail})</span>
        </p>
      );
    case 'full':
      return (
        <p>
          <strong>The browser’s storage for this site is full</strong>, so your latest answers are kept only until you close this tab.{' '}
          <IntentLink href="/progress/#your-data">Export your progress</IntentLink> now, then free some space (data set aside earlier can be removed there).
        </p>
      );
    case 'setAside':
      return (
        <>
          <p>
            <strong>{notice.unknownFields ? 'Saved progress has extra fields' : 'Some saved progress could not be read'}</strong>: {notice.reason}.{' '}
            {notice.salvaged ? 'Everything else was kept; importing an export you saved earlier brings back what was lost. ' : 'You start from an empty record. '}
            The original is kept aside, untouched: <DownloadSetAside storageKey={notice.key} />
          </p>
          {notice.problems.length > 0 && (
            <details>
              <summary>What was wrong</summary>
              <ul>
                {notice.problems.slice(0, 10).map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
                {notice.problems.length > 10 && <li>…and {notice.problems.length - 10} more</li>}
              </ul>
            </details>
          )}
        </>
      );
    case 'notSetAside':
      return (
        <p>
          <strong>Saved progress could not be read</strong>: {notice.reason}. To keep it safe, nothing will be saved over it during this visit; practice works until you close
          this tab. <IntentLink href="/progress/#your-data">Export</IntentLink> what you do now. <span className="meta">({notice.detail})</span>
        </p>
      );
  }
}

/** Offers the set-aside text as a file: the learner can keep it, or import it after fixing it. */
export function DownloadSetAside({ storageKey, label = 'download it' }: { storageKey: string; label?: string }) {
  const download = () => {
    let text: string | null = null;
    try {
      text = window.localStorage.getItem(storageKey);
    } catch {
      text = null;
    }
    if (text === null) return;
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = progressFileName(new Date().toISOString()).replace('.json', '-set-aside.json');
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <button type="button" className="link-button" onClick={download}>
      {label}
    </button>
  );
}
