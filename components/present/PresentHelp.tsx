'use client';
/**
 * The `?` overlay: the keys of every present view (deckKeys.ts), as a modal <dialog>, so focus moves
 * into it, the rest of the page is inert meanwhile, Escape closes it, and focus goes back to where it
 * was (the browser's own dialog behaviour, made explicit for the focus).
 */
import { useEffect, useRef } from 'react';
import styles from './PresentDeck.module.css';

const KEYS: readonly [string, string][] = [
  ['→, Page Down, Space', 'next step'],
  ['←, Page Up', 'previous step'],
  ['Home / End', 'first / last step'],
  ['a number, then Enter', 'go to that step'],
  ['B or .', 'black out the audience screen (again to bring it back)'],
  ['Q', 'show or hide the QR code of this step on the audience screen'],
  ['F', 'full screen (Escape leaves it)'],
  ['?', 'this list'],
  ['Escape', 'close this list'],
];

export function PresentHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<Element | null>(null);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnTo.current = document.activeElement;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);
  const closed = () => {
    onClose();
    const back = returnTo.current;
    returnTo.current = null;
    if (back instanceof HTMLElement && back.isConnected) back.focus();
  };
  return (
    <dialog ref={dialogRef} className={styles.help} aria-labelledby="present-help-heading" onClose={closed}>
      <h2 id="present-help-heading">Keys</h2>
      <p>They work in the presenter and audience windows, and with a presentation clicker. While you type into a calculator's field, only Page Down and Page Up (what a clicker sends) still move the deck.</p>
      <dl>
        {KEYS.map(([keys, what]) => (
          <div key={keys}>
            <dt>{keys}</dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog" className="plain-buttons">
        <button type="submit" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
