import { IntentLink } from './IntentLink';
import { ThemeToggle } from './ThemeToggle';

/** The bar on every page: the site's name, the sections, the theme switch. */
export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <IntentLink href="/" className="site-name">
          Attention Lab
        </IntentLink>
        <nav aria-label="Site" className="site-nav">
          <ul>
            <li>
              <IntentLink href="/">Home</IntentLink>
            </li>
            <li>
              <IntentLink href="/lessons/">Lessons</IntentLink>
            </li>
            <li>
              <IntentLink href="/calculators/">Calculators</IntentLink>
            </li>
            <li>
              <IntentLink href="/practice/">Practice</IntentLink>
            </li>
            <li>
              <IntentLink href="/progress/">Progress</IntentLink>
            </li>
            <li>
              <IntentLink href="/glossary/">Glossary</IntentLink>
            </li>
          </ul>
        </nav>
        <ThemeToggle />
      </div>
    </header>
  );
}
