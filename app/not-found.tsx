import type { Metadata } from 'next';
import { IntentLink } from '../components/IntentLink';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <div className="page-narrow">
      <h1>Page not found</h1>
      <p className="lead">There is no page at this address. It may have moved, or the link has a typo.</p>
      <ul>
        <li>
          <IntentLink href="/">Go to the home page</IntentLink>
        </li>
        <li>
          <IntentLink href="/lessons/">See all lessons</IntentLink>
        </li>
      </ul>
    </div>
  );
}
