'use client';
/**
 * The small client half of the glossary tooltips. The build writes each definition into the page
 * next to its term (lib/content/glossaryTerms.ts) and CSS shows it on hover and keyboard focus;
 * this adds what CSS cannot do: keep the box inside the viewport, hide it with Escape, and open it
 * with a first tap on a touch screen (a second tap follows the link to the glossary entry).
 * One set of document listeners serves every term of the page; nothing renders.
 */
import { useEffect } from 'react';

const MARK = '.glossary-mark';
/** Space kept between a tooltip and the edge of the viewport, in CSS pixels. */
const EDGE = 8;

function markOf(target: EventTarget | null): HTMLElement | null {
  return target instanceof Element ? (target.closest(MARK) as HTMLElement | null) : null;
}

/** Shifts the tooltip sideways into the viewport, and above its term when there is no room below. */
function place(mark: HTMLElement): void {
  const tip = mark.querySelector<HTMLElement>('.glossary-popover');
  if (!tip) return;
  mark.style.removeProperty('--glossary-shift');
  mark.classList.remove('is-above');
  const box = tip.getBoundingClientRect();
  if (box.width === 0) return; // not shown
  const width = document.documentElement.clientWidth;
  let shift = 0;
  if (box.right > width - EDGE) shift = width - EDGE - box.right;
  if (box.left + shift < EDGE) shift = EDGE - box.left;
  if (shift !== 0) mark.style.setProperty('--glossary-shift', `${Math.round(shift)}px`);
  const term = mark.getBoundingClientRect();
  if (box.bottom > window.innerHeight - EDGE && term.top - box.height - EDGE > 0) mark.classList.add('is-above');
}

function open(mark: HTMLElement): void {
  for (const other of document.querySelectorAll<HTMLElement>(`${MARK}.is-open`)) if (other !== mark) other.classList.remove('is-open');
  mark.classList.remove('is-dismissed');
  mark.classList.add('is-open');
  place(mark);
}

function close(mark: HTMLElement): void {
  mark.classList.remove('is-open', 'is-above');
}

/** Listeners installed: one set per page, however many lesson bodies it shows. */
let installed = 0;

export function GlossaryPopovers() {
  useEffect(() => {
    if (installed++ > 0) {
      return () => {
        installed--;
      };
    }
    let touch = false;
    /** The term whose tooltip was already open when the tap began (the tap's focus opens it too). */
    let openBeforeTap: HTMLElement | null = null;
    const onPointerDown = (event: PointerEvent) => {
      touch = event.pointerType === 'touch' || event.pointerType === 'pen';
      const mark = markOf(event.target);
      openBeforeTap = mark && mark.classList.contains('is-open') ? mark : null;
      // A tap anywhere else closes an open tooltip.
      if (!mark) for (const other of document.querySelectorAll<HTMLElement>(`${MARK}.is-open`)) close(other);
    };
    const onClick = (event: MouseEvent) => {
      const mark = markOf(event.target);
      if (!mark || !touch) return;
      // First tap shows the definition; a tap on a term already open follows its link.
      if (openBeforeTap !== mark) {
        event.preventDefault();
        open(mark);
      }
    };
    const onOver = (event: MouseEvent) => {
      const mark = markOf(event.target);
      if (mark && !touch) open(mark);
    };
    const onOut = (event: MouseEvent) => {
      const mark = markOf(event.target);
      if (mark && !mark.contains(event.relatedTarget as Node | null) && !mark.contains(document.activeElement)) {
        close(mark);
        mark.classList.remove('is-dismissed');
      }
    };
    const onFocusIn = (event: FocusEvent) => {
      const mark = markOf(event.target);
      if (mark) open(mark);
    };
    const onFocusOut = (event: FocusEvent) => {
      const mark = markOf(event.target);
      if (mark) {
        close(mark);
        mark.classList.remove('is-dismissed');
      }
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      for (const mark of document.querySelectorAll<HTMLElement>(`${MARK}.is-open, ${MARK}:hover, ${MARK}:focus-within`)) {
        close(mark);
        mark.classList.add('is-dismissed');
      }
    };
    const listeners: [string, (event: never) => void, boolean][] = [
      ['pointerdown', onPointerDown, true],
      ['click', onClick, false],
      ['mouseover', onOver, false],
      ['mouseout', onOut, false],
      ['focusin', onFocusIn, false],
      ['focusout', onFocusOut, false],
      ['keydown', onKeyDown, false],
    ];
    for (const [type, listener, capture] of listeners) document.addEventListener(type, listener as EventListener, capture);
    return () => {
      for (const [type, listener, capture] of listeners) document.removeEventListener(type, listener as EventListener, capture);
      installed--;
    };
  }, []);
  return null;
}
