import { lazy, Suspense, useState } from 'react';
import type { GalleryEntry, Page } from '../../../shared/contract';
import { useApiQuery } from '../api/hooks';
import { PageHeader } from '../components/page-header';
import { ConnectionDetail } from '../integrations/connection-detail';
import type { DialogTarget } from '../integrations/connection-dialog';
import { ConnectionsList } from '../integrations/connections-list';
import { Gallery } from '../integrations/gallery';

// The generated forms (RJSF) load with the first dialog opened, not with the app.
const ConnectionDialog = lazy(() => import('../integrations/connection-dialog').then((module) => ({ default: module.ConnectionDialog })));

export function IntegrationsPage({ onNavigate }: { onNavigate?: (page: Page) => void }) {
  const [selected, setSelected] = useState<string | null>(null);
  const [dialog, setDialog] = useState<DialogTarget | null>(null);
  const connections = useApiQuery('integrations.connections.list', {});
  const plugins = useApiQuery('integrations.plugins', {});

  const openEntry = (entry: GalleryEntry) => {
    if (entry.type === 'mcp') onNavigate?.('mcp');
    else setDialog({ pluginId: entry.id });
  };

  return (
    <div className="page" data-testid="page-integrations">
      <PageHeader title="Integrations" subtitle="Connections to the services your workflows and agents use (Google Sheets, Drive, Docs, Calendar and Gmail, Slack, Telegram, WhatsApp, Twilio, Postgres, email, LLM providers, any REST or GraphQL API) and to your servers over SSH." />
      {selected ? (
        <ConnectionDetail
          id={selected}
          onBack={() => setSelected(null)}
          onEdit={() => {
            const connection = connections.data?.find((candidate) => candidate.id === selected);
            if (connection) setDialog({ pluginId: connection.pluginId, connection });
          }}
        />
      ) : (
        <>
          {connections.data && connections.data.length > 0 && <ConnectionsList connections={connections.data} plugins={plugins.data ?? []} onOpen={setSelected} />}
          <Gallery onOpen={openEntry} />
        </>
      )}
      {dialog && (
        <Suspense fallback={null}>
          <ConnectionDialog
            key={dialog.connection?.id ?? dialog.pluginId}
            target={dialog}
            onClose={() => setDialog(null)}
            onSaved={(id) => {
              setDialog(null);
              setSelected(id);
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
