'use client';

/**
 * A next/link that prefetches its page when the reader shows intent (pointer over it, a touch,
 * keyboard focus), not when it scrolls into view.
 *
 * Next prefetches every link that enters the viewport as soon as the page is idle. On a lesson or
 * the home page that is a dozen fetches and, per link, a task of the client router's prefetch
 * scheduler on the main thread while the page is still hydrating (Lighthouse's mobile profile
 * counted them in total blocking time and pushed time to interactive out; docs/PERFORMANCE.md).
 * After the first visit the service worker answers these requests from its precache anyway, so
 * what viewport prefetching buys is small next to what it costs on a phone.
 */

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { ComponentProps, FocusEvent, MouseEvent, TouchEvent } from 'react';

type LinkProps = ComponentProps<typeof Link>;

export function IntentLink({ href, onMouseEnter, onTouchStart, onFocus, ...rest }: Omit<LinkProps, 'prefetch'>) {
  const router = useRouter();
  const prefetch = () => {
    if (typeof href === 'string') router.prefetch(href);
  };
  return (
    <Link
      {...rest}
      href={href}
      prefetch={false}
      onMouseEnter={(event: MouseEvent<HTMLAnchorElement>) => {
        onMouseEnter?.(event);
        prefetch();
      }}
      onTouchStart={(event: TouchEvent<HTMLAnchorElement>) => {
        onTouchStart?.(event);
        prefetch();
      }}
      onFocus={(event: FocusEvent<HTMLAnchorElement>) => {
        onFocus?.(event);
        prefetch();
      }}
    />
  );
}
