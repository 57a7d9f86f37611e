import { KeyRound } from 'lucide-react';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { CommandLine } from '../components/code';

export function VaultPage() {
  return (
    <div className="page" data-testid="page-vault">
      <PageHeader title="Vault" subtitle="Credentials encrypted on this machine. Values never reach this window." />
      <EmptyState icon={KeyRound} title="The vault is empty">
        <p>Store a secret, then refer to it as <code>{'{{ secrets.GITHUB_TOKEN }}'}</code> in servers and workflows:</p>
        <CommandLine>npx echelon vault set GITHUB_TOKEN</CommandLine>
      </EmptyState>
    </div>
  );
}
