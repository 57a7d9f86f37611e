// What `npm run package` signs, notarizes and publishes, read from the environment: each step
// whose settings are absent is skipped with a sentence saying what to set.

/** @param {NodeJS.ProcessEnv} env */
function notarizationCredentials(env) {
  return Boolean(
    (env.APPLE_API_KEY && env.APPLE_API_KEY_ID && env.APPLE_API_ISSUER) ||
      (env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID) ||
      (env.APPLE_KEYCHAIN && env.APPLE_KEYCHAIN_PROFILE),
  );
}

/**
 * @param {string} raw
 * @returns {string | undefined} why the feed URL is unusable
 */
function feedProblem(raw) {
  try {
    return new URL(raw).protocol === 'https:' ? undefined : 'it must be an https:// address';
  } catch {
    return 'it is not a URL';
  }
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @param {readonly ('darwin' | 'win32' | 'linux')[]} platforms the platforms being packaged
 * @returns {{ notes: string[], env: Record<string, string>, config: string[], error?: string }}
 *   `env` and `config` (electron-builder `--config.*` arguments) are added to its run.
 */
export function releasePlan(env, platforms) {
  /** @type {string[]} */
  const notes = [];
  /** @type {Record<string, string>} */
  const overrides = {};
  /** @type {string[]} */
  const config = [];

  if (platforms.includes('darwin')) {
    const signed = Boolean(env.CSC_LINK || env.CSC_NAME);
    if (!signed) {
      notes.push('macOS: not signed. Set CSC_LINK (your Developer ID Application certificate, .p12) and CSC_KEY_PASSWORD, or CSC_NAME for one in the keychain.');
      // Otherwise electron-builder would pick whatever identity the keychain holds.
      overrides.CSC_IDENTITY_AUTO_DISCOVERY = 'false';
    }
    if (!signed || !notarizationCredentials(env)) {
      notes.push(
        'macOS: not notarized. Sign, and set APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER (or APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID).',
      );
      config.push('--config.mac.notarize=false');
    }
  }
  if (platforms.includes('win32') && !(env.WIN_CSC_LINK || env.CSC_LINK)) {
    notes.push('Windows: not signed. Set WIN_CSC_LINK (a code-signing certificate, .pfx) and WIN_CSC_KEY_PASSWORD.');
  }

  const feed = env.ECHELON_UPDATE_URL;
  if (!feed) {
    notes.push('Updates: no feed. Set ECHELON_UPDATE_URL (https) to the folder where you upload the release and its latest*.yml; this build will not look for updates.');
  } else {
    const problem = feedProblem(feed);
    if (problem) return { notes, env: overrides, config, error: `ECHELON_UPDATE_URL ${problem}: ${feed}` };
    config.push('--config.publish.provider=generic', `--config.publish.url=${feed}`);
  }
  return { notes, env: overrides, config };
}
