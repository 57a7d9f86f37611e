import type { Page } from '../../../shared/contract';
import { PAGES } from '../navigation/pages';
import { Logo } from './logo';

export function Sidebar({ current, onNavigate }: { current: Page; onNavigate: (page: Page) => void }) {
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
              title={`${label} (Ctrl/⌘ ${index + 1})`}
              onClick={(event) => {
                event.preventDefault();
                onNavigate(page);
              }}
            >
              <Icon size={17} aria-hidden />
              <span>{label}</span>
              <kbd>{index + 1}</kbd>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
