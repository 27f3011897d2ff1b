import Link from 'next/link';
import { ThemeToggle } from './ThemeToggle';

/** The bar on every page: the site's name, the sections, the theme switch. */
export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link href="/" className="site-name">
          Attention Lab
        </Link>
        <nav aria-label="Site" className="site-nav">
          <ul>
            <li>
              <Link href="/">Home</Link>
            </li>
            <li>
              <Link href="/lessons/">Lessons</Link>
            </li>
            <li>
              <Link href="/calculators/">Calculators</Link>
            </li>
            <li>
              <Link href="/practice/">Practice</Link>
            </li>
            <li>
              <Link href="/progress/">Progress</Link>
            </li>
            <li>
              <Link href="/glossary/">Glossary</Link>
            </li>
          </ul>
        </nav>
        <ThemeToggle />
      </div>
    </header>
  );
}
