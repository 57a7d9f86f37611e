#!/usr/bin/env node
// Thin launcher: the CLI itself is built to out/headless by `npm install` (prepare) or `npm run build`.
import { existsSync } from 'node:fs';

const cli = new URL('../out/headless/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('echelon: the CLI is not built yet: run `npm run build` in the Echelon folder.\n');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv);
