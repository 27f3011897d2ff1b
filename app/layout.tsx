import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { IntentLink } from '../components/IntentLink';
// Fonts ship with the site (woff2 files copied into out/): no request leaves localhost.
import '@fontsource-variable/inter';
import '@fontsource-variable/jetbrains-mono';
// KaTeX's stylesheet and its fonts are bundled like ours, for lesson math and calculator formulas.
import 'katex/dist/katex.min.css';
import './globals.css';
import { ServiceWorkerUpdates } from '../components/ServiceWorkerUpdates';
import { SiteHeader } from '../components/SiteHeader';
import { themeBootScript } from './themeBootScript';

export const metadata: Metadata = {
  title: { default: 'Attention Lab', template: '%s · Attention Lab' },
  description:
    'Learn attention mechanisms and prepare for interviews on them: lessons with live calculators and practice questions.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  colorScheme: 'light dark',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The boot script sets data-theme before React hydrates, hence suppressHydrationWarning.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeBootScript }} />
      </head>
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <ServiceWorkerUpdates />
        <SiteHeader />
        <main id="main" tabIndex={-1} className="site-main">
          {children}
        </main>
        <footer className="site-footer">
          <p>
            Attention Lab: runs entirely in your browser; nothing is sent anywhere. <IntentLink href="/sources/">Sources</IntentLink>: the article the
            course began from, and the papers it relies on.
          </p>
        </footer>
      </body>
    </html>
  );
}
