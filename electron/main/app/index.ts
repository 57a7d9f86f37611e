import { app } from 'electron';
import { startCrashReporter } from './crash-reports';
import { runDesktopApp } from './desktop-app';
import { readLaunchSettings } from './launch-settings';
import { runMcpStdio } from './mcp-stdio';

// Every launch setting is read here, once; the rest of the shell gets them from `settings`.
const settings = readLaunchSettings({ argv: process.argv, env: process.env, packaged: app.isPackaged });

if (settings.forbidden.length) {
  process.stderr.write(`Echelon does not start with ${settings.forbidden.map((name) => `--${name}`).join(', ')}: it would let another program control it.\n`);
  app.exit(1);
} else {
  startCrashReporter();
  if (settings.mode === 'mcp-stdio') void runMcpStdio(settings);
  else runDesktopApp(settings);
}
