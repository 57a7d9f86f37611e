import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStaticFile } from '../../electron/main/services/renderer-assets/static-files';
import { tempDir } from '../helpers/temp-dir';

describe('readStaticFile', () => {
  it('serves files inside the root with their content type, and index.html for /', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'index.html'), '<html>');
    fs.writeFileSync(path.join(root, 'assets', 'a.js'), 'x');
    expect(readStaticFile(root, '/')?.contentType).toContain('text/html');
    expect(readStaticFile(root, '/assets/a.js')?.body.toString()).toBe('x');
  });

  it('never resolves outside the root', () => {
    const parent = tempDir();
    const root = path.join(parent, 'renderer');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(parent, 'secret.txt'), 'secret');
    fs.writeFileSync(path.join(parent, 'renderer-evil.txt'), 'evil');
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/../renderer-evil.txt', '/%00', '/%zz']) {
      expect(readStaticFile(root, attempt), attempt).toBeUndefined();
    }
  });
});
