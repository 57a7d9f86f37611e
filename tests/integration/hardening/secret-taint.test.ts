import { afterEach, describe, expect, it } from 'vitest';
import type { SecretSource } from '../../../electron/main/services/secrets/secret-source';
import { chain, disposeHosts, engineHost, manualStart, node, runToEnd } from '../../helpers/engine';

afterEach(disposeHosts);

const TOKEN = 'sk-live-4f9c2b7e91d04a6f';
const secrets: SecretSource = {
  exists: (name) => name === 'API_TOKEN',
  reveal: (name) => {
    if (name !== 'API_TOKEN') throw new Error('unknown');
    return TOKEN;
  },
};

describe('values derived from secrets by expressions', () => {
  it('are redacted whole in everything a run stores: outputs, inputs of the next step, logs, errors', async () => {
    const host = await engineHost({ enginePorts: { secrets } });
    const derived = {
      upper: TOKEN.toUpperCase(),
      reversed: [...TOKEN].reverse().join(''),
      joined: TOKEN.split('-').join('+'),
      piece: TOKEN.slice(8),
    };
    const detail = await runToEnd(
      host,
      chain('Transforms a secret', [
        manualStart(),
        node(
          'transform.edit',
          {
            fields: [
              { name: 'upper', value: '{{ secrets.API_TOKEN.toUpperCase() }}' },
              { name: 'reversed', value: "{{ secrets.API_TOKEN.split('').toReversed().join('') }}" },
              { name: 'joined', value: "x-{{ secrets.API_TOKEN.split('-').join('+') }}" },
              { name: 'piece', value: '{{ secrets.API_TOKEN.slice(8) }}' },
              { name: 'mode', value: "{{ secrets.API_TOKEN ? 'enabled' : 'disabled' }}" },
            ],
          },
          { id: 'edit', name: 'Edit' },
        ),
        node('code.run', { code: 'console.log("saw", $json.upper, $json.reversed); throw new Error("leaking " + $json.piece)' }, { id: 'code', name: 'Code', onError: 'continue' }),
      ]),
    );
    expect(detail.status, JSON.stringify(detail.error)).toBe('succeeded');
    const stored = JSON.stringify(host.store.db.prepare('SELECT * FROM execution_steps').all()) + JSON.stringify(host.store.db.prepare('SELECT * FROM executions').all());
    for (const value of Object.values(derived)) expect(stored).not.toContain(value);
    expect(stored).toContain('[redacted:API_TOKEN (derived');
    expect(stored).toContain('x-[redacted:API_TOKEN (derived');
    const shown = JSON.stringify(host.engine.detail(detail.id));
    for (const value of Object.values(derived)) expect(shown).not.toContain(value);
    // Only what came from the secret: the expression's own words stay readable.
    expect(shown).toContain('"mode":"enabled"');
  });
});
