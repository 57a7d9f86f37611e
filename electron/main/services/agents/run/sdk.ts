/** The AI SDK, loaded on first use and kept: CLI commands that run no agent do not pay for it. */
let sdk: Promise<typeof import('ai')> | undefined;

export const loadSdk = () => (sdk ??= import('ai'));
