import { Cloud } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { useApiMutation } from '../api/hooks';

/** The Supabase project a team syncs through: its URL and anon (public) key. */
export function ProjectForm({ initialUrl }: { initialUrl?: string }) {
  const [projectUrl, setProjectUrl] = useState(initialUrl ?? '');
  const [anonKey, setAnonKey] = useState('');
  const configure = useApiMutation('team.configure', { meta: { inlineErrors: true } });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    configure.mutate({ projectUrl: projectUrl.trim(), anonKey: anonKey.trim() });
  };
  return (
    <form className="card team-card" onSubmit={submit} data-testid="team-project-form">
      <div className="card-title">
        <Cloud size={16} aria-hidden /> Connect your team's Supabase project
      </div>
      <p className="muted">
        Echelon works fully offline. With a Supabase project, a team shares workflows, MCP servers and connections (never secret values) and sees each other live.
        Apply the migrations in <code>resources/supabase</code> first (see the README, "Team sync").
      </p>
      <label className="field">
        <span>Project URL</span>
        <input className="form-control" type="url" required placeholder="https://abcd1234.supabase.co" value={projectUrl} onChange={(event) => setProjectUrl(event.target.value)} data-testid="team-project-url" />
      </label>
      <label className="field">
        <span>Anon key</span>
        <input className="form-control mono" required minLength={20} placeholder="eyJhbGciOi…" value={anonKey} onChange={(event) => setAnonKey(event.target.value)} data-testid="team-anon-key" />
        <small className="muted">Project settings → API → "anon public". It is public by design: Row Level Security protects the data.</small>
      </label>
      {configure.error && <p className="form-error" role="alert">{configure.error.message}</p>}
      <div className="dialog-actions">
        <button type="submit" className="button primary" disabled={configure.isPending} data-testid="team-connect">
          {configure.isPending ? 'Connecting…' : 'Connect'}
        </button>
      </div>
    </form>
  );
}
