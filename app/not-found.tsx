import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <div className="page-narrow">
      <h1>Page not found</h1>
      <p className="lead">There is no page at this address. It may have moved, or the link has a typo.</p>
      <ul>
        <li>
          <Link href="/">Go to the home page</Link>
        </li>
        <li>
          <Link href="/lessons/">See all lessons</Link>
        </li>
      </ul>
    </div>
  );
}
