import type { Page } from '../../../shared/contract';
import { transport } from '../api/bridge';
import { PAGES } from '../navigation/pages';
import { PAGE_LETTERS } from '../navigation/use-shortcuts';
import { Logo } from './logo';

/** `badges`: a count beside a page (alerts firing). */
export function Sidebar({ current, onNavigate, badges = {} }: { current: Page; onNavigate: (page: Page) => void; badges?: Partial<Record<Page, number>> }) {
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <Logo size={26} />
        <span>Echelon</span>
      </div>
      <ul>
        {PAGES.map(({ page, label, icon: Icon }, index) => (
          <li key={page}>
            <a
              href={`#/${page}`}
              className={page === current ? 'nav-item active' : 'nav-item'}
              aria-current={page === current ? 'page' : undefined}
              data-testid={`nav-${page}`}
              title={transport === 'ipc' && index < 9 ? `${label} (Ctrl/⌘ ${index + 1})` : PAGE_LETTERS[page] ? `${label} (G then ${PAGE_LETTERS[page]!.toUpperCase()})` : label}
              onClick={(event) => {
                event.preventDefault();
                onNavigate(page);
              }}
            >
              <Icon size={17} aria-hidden />
              <span>{label}</span>
              {badges[page] ? (
                <span className="nav-badge" data-testid={`nav-badge-${page}`}>
                  {badges[page]}
                </span>
              ) : null}
              <kbd>{transport === 'ipc' ? (index < 9 ? index + 1 : '') : PAGE_LETTERS[page]?.toUpperCase()}</kbd>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
