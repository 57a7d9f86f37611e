import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_TEST, REPO, runCliAsync } from '../helpers/cli';
import { tempDir } from '../helpers/temp-dir';

/** The README is what a newcomer follows: its links, its example and its reference must hold. */

const README = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');

/** The text of one `## Heading` section, up to the next one. */
function section(heading: string): string {
  const start = README.indexOf(`\n## ${heading}\n`);
  expect(start, `a "## ${heading}" section`).toBeGreaterThan(-1);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end === -1 ? undefined : end);
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
const anchor = (heading: string) => heading.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');

/** Every name the code reads from the environment as ECHELON_*. */
function echelonVariables(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.[cm]?[jt]sx?$/.test(entry.name)) for (const match of fs.readFileSync(full, 'utf8').matchAll(/\bECHELON_[A-Z0-9_]*[A-Z0-9]\b/g)) names.add(match[0]);
    }
  };
  for (const dir of ['electron', 'shared', 'scripts', 'bin', 'integrations']) walk(path.join(REPO, dir));
  return names;
}

/** Names the code uses for itself, not settings: markers, a constant, a vault record. */
const INTERNAL = new Set(['ECHELON_ENV_START__', 'ECHELON_ENV_END__', 'ECHELON_RESOLVING_SHELL_ENV', 'ECHELON_MCP_TREE', 'ECHELON_APPLICATION_ID', 'ECHELON_TEAM_SESSION']);

describe('README.md', () => {
  it('links only to files in the repository that exist, and to its own headings', () => {
    const headings = new Set([...README.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchor(match[1]!)));
    const links = [...README.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
    expect(links.length).toBeGreaterThan(10);
    for (const link of links) {
      if (/^https?:\/\//.test(link)) continue;
      if (link.startsWith('#')) {
        expect(headings.has(link.slice(1)), `${link} names a heading of the README`).toBe(true);
        continue;
      }
      const target = path.resolve(REPO, decodeURIComponent(link.split('#')[0]!));
      expect(target.startsWith(REPO), `${link} stays inside the repository`).toBe(true);
      expect(fs.existsSync(target), `${link} exists`).toBe(true);
    }
  });

  it('documents every ECHELON_* variable the code reads and every `echelon serve` option with its default', async () => {
    const configuration = section('Configuration');
    for (const name of echelonVariables()) {
      if (INTERNAL.has(name)) continue;
      expect(configuration, name).toMatch(new RegExp(`\\| \`${name}\` \\| [^|]+ \\|`));
    }
    const help = await runCliAsync(['serve', '--help']);
    const options = [...help.stdout.matchAll(/^ {2}(--[a-z-]+) <\w+>[\s\S]*?\(default: ([^,)]+)/gm)].map((match) => ({ option: match[1]!, fallback: match[2]! }));
    expect(options.map((entry) => entry.option)).toEqual(['--port', '--gateway-port', '--webhook-port']);
    for (const { option, fallback } of options) expect(configuration, option).toMatch(new RegExp(`\\| \`${option} PORT\` \\| \`${fallback}\``));
  });

  it('shows a workflow file that validates and runs as it says', CLI_TEST, async () => {
    const example = /```json\n([\s\S]+?)\n```/.exec(section('Workflow files'))?.[1];
    expect(example).toBeDefined();
    const dir = tempDir();
    const file = path.join(dir, 'hello.json');
    fs.writeFileSync(file, example!);
    expect(await runCliAsync(['--data-dir', dir, 'workflow', 'validate', file])).toMatchObject({ status: 0, stdout: `${file}: valid.\n` });
    const run = await runCliAsync(['--data-dir', dir, 'workflow', 'run', file, '--input', '{"name":"Ada"}', '--json']);
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { output: { value: Array<{ json: unknown }> } }).output.value.map((item) => item.json)).toEqual([{ loud: 'HELLO ADA' }]);
  });
});
