import { KeyRound, Mail, LogIn } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import type { SignInInput } from '../../../shared/contract';
import { useApiMutation } from '../api/hooks';
import { SegmentedChoice } from '../components/segmented-choice';

type Method = 'password' | 'magic_link' | 'sign_up';
const METHODS = [
  { value: 'password', label: 'Password' },
  { value: 'magic_link', label: 'Magic link' },
  { value: 'sign_up', label: 'New account' },
] as const;

/** Sign in by password, by magic link (then the code from the email), or with a provider in the browser. */
export function SignInCard({ projectUrl, onDisconnect }: { projectUrl?: string; onDisconnect(): void }) {
  const [method, setMethod] = useState<Method>('password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [codeSent, setCodeSent] = useState(false);
  const [note, setNote] = useState<string>();
  const signIn = useApiMutation('team.signIn', {
    meta: { inlineErrors: true },
    onSuccess: (result, input) => {
      setNote(result.message);
      if (input.method === 'magic_link') setCodeSent(true);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input: SignInInput =
      method === 'password' ? { method, email, password } : method === 'sign_up' ? { method, email, password } : codeSent ? { method: 'code', email, code: code.trim() } : { method: 'magic_link', email };
    signIn.mutate(input);
  };
  return (
    <form className="card team-card" onSubmit={submit} data-testid="team-sign-in">
      <div className="card-title">
        <LogIn size={16} aria-hidden /> Sign in to your team
      </div>
      <p className="muted small">
        Project <span className="mono">{projectUrl}</span> ·{' '}
        <button type="button" className="link-button" onClick={onDisconnect}>
          use another project
        </button>
      </p>
      <SegmentedChoice label="How to sign in" name="team-sign-in-method" choices={METHODS} value={method} onChange={(next) => { setMethod(next); setCodeSent(false); setNote(undefined); }} small testId={(value) => `sign-in-${value}`} />
      <label className="field">
        <span>Email</span>
        <input className="form-control" type="email" required autoComplete="email" value={email} onChange={(event) => setEmail(event.target.value)} data-testid="team-email" />
      </label>
      {method !== 'magic_link' && (
        <label className="field">
          <span>Password</span>
          <input className="form-control" type="password" required minLength={method === 'sign_up' ? 6 : 1} autoComplete={method === 'sign_up' ? 'new-password' : 'current-password'} value={password} onChange={(event) => setPassword(event.target.value)} data-testid="team-password" />
        </label>
      )}
      {method === 'magic_link' && codeSent && (
        <label className="field">
          <span>Code from the email</span>
          <input className="form-control mono" inputMode="numeric" required pattern="\d{6,10}" value={code} onChange={(event) => setCode(event.target.value)} data-testid="team-code" autoFocus />
        </label>
      )}
      {note && <p className="team-note" role="status">{note}</p>}
      {signIn.error && <p className="form-error" role="alert" data-testid="team-sign-in-error">{signIn.error.message}</p>}
      <div className="dialog-actions team-sign-in-actions">
        <div className="oauth-buttons">
          {(['github', 'google'] as const).map((provider) => (
            <button key={provider} type="button" className="button" onClick={() => signIn.mutate({ method: 'oauth', provider })} data-testid={`oauth-${provider}`}>
              <KeyRound size={14} aria-hidden /> {provider === 'github' ? 'GitHub' : 'Google'}
            </button>
          ))}
        </div>
        <button type="submit" className="button primary" disabled={signIn.isPending} data-testid="team-submit">
          {method === 'magic_link' && !codeSent ? <Mail size={14} aria-hidden /> : <LogIn size={14} aria-hidden />}
          {signIn.isPending ? ' Working…' : method === 'sign_up' ? ' Create account' : method === 'magic_link' && !codeSent ? ' Email me a link' : ' Sign in'}
        </button>
      </div>
    </form>
  );
}
