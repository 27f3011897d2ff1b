import { IntentLink } from '../IntentLink';
import { SOURCE_ARTICLE_HREF } from '../../lib/content/sourcesPage';
import styles from './SourceBadge.module.css';

/**
 * The "from the source article" mark on a question. It is a link, because the words alone do not
 * say which article: the sources page describes it, its scope and its errors. The accessible name
 * starts with the visible words (so speech input can say them) and adds where the link goes.
 */
export function SourceBadge() {
  return (
    <IntentLink href={SOURCE_ARTICLE_HREF} className={styles.badge} aria-label="from the source article: what that article is (sources page)">
      from the source article
    </IntentLink>
  );
}
