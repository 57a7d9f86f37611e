import { describe, expect, it } from 'vitest';
import { stderrCause } from '../../electron/main/services/mcp/stderr-cause';

const lines = (text: string) => text.split('\n');

describe('the cause of a failed MCP server start, from its stderr', () => {
  it('takes Node\'s error line, not the tail of its stack', () => {
    const node = lines(`node:internal/modules/cjs/loader:1228
  throw err;
  ^

Error: Cannot find module '/root/relative/server.js'
    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)
    at node:internal/main/run_main_module:28:49 {
  code: 'MODULE_NOT_FOUND',
  requireStack: []
}

Node.js v20.20.2`);
    expect(stderrCause(node)).toBe("Error: Cannot find module '/root/relative/server.js'");
  });

  it('takes the exception line of a Python traceback', () => {
    const python = lines(`Traceback (most recent call last):
  File "/srv/server.py", line 3, in <module>
    import mcp
ModuleNotFoundError: No module named 'mcp'`);
    expect(stderrCause(python)).toBe("ModuleNotFoundError: No module named 'mcp'");
  });

  it('falls back to the first line that is not stack or banner noise, and says nothing for silence', () => {
    expect(stderrCause(['', 'listening on stdio failed: port busy', '    at main (/srv/x.js:1:1)'])).toBe('listening on stdio failed: port busy');
    expect(stderrCause(['fatal: not a git repository'])).toBe('fatal: not a git repository');
    expect(stderrCause([])).toBeUndefined();
    expect(stderrCause(['    at x (y.js:1:1)', 'Node.js v22.1.0'])).toBeUndefined();
  });
});
