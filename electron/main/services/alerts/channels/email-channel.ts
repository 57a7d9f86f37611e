import { EchelonError } from '../../../../../shared/contract/errors';
import type { SecretSource } from '../../secrets/secret-source';
import { noticeSubject, noticeText } from '../alert-notice';
import type { ChannelSender } from './channel-sender';

const TIMEOUT_MS = 15_000;

/** Explains SMTP failures in terms of what to change (nodemailer's codes are terse). */
function explain(error: unknown, host: string, port: number): EchelonError {
  const { code, responseCode, message } = error as { code?: string; responseCode?: number; message?: string };
  if (code === 'EAUTH' || responseCode === 535) return new EchelonError('forbidden', `The SMTP server ${host} refused the login: check the username and password in the vault record.`);
  if (code === 'ECONNECTION' || code === 'ESOCKET' || code === 'ETIMEDOUT' || code === 'EDNS') {
    return new EchelonError('unavailable', `Could not talk to the SMTP server ${host}:${port} (${message ?? code}): check the host, the port and the security setting.`);
  }
  if (code === 'EENVELOPE') return new EchelonError('invalid_input', `The SMTP server refused the sender or a recipient: ${message}`);
  return new EchelonError('unavailable', `Sending the email failed: ${message ?? String(error)}`);
}

/** Email over SMTP with nodemailer; the login is a vault record of kind basic, read at the moment of sending. */
export function emailChannel(secrets: SecretSource): ChannelSender<'email'> {
  return async (notice, config, channel) => {
    const accessor = { kind: 'integration' as const, id: `alerts/${channel.name}` };
    const auth = config.loginSecret ? { user: secrets.reveal(config.loginSecret, 'username', accessor), pass: secrets.reveal(config.loginSecret, 'password', accessor) } : undefined;
    // Loaded by the first email: nodemailer costs every CLI command ~0.1 s otherwise.
    const { default: nodemailer } = await import('nodemailer');
    const transport = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.security === 'tls',
      requireTLS: config.security === 'starttls',
      ignoreTLS: config.security === 'none',
      auth,
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
    });
    try {
      await transport.sendMail({ from: config.from, to: config.to, subject: noticeSubject(notice), text: noticeText(notice), headers: { 'X-Echelon-Event': notice.event } });
    } catch (error) {
      throw explain(error, config.host, config.port);
    } finally {
      transport.close();
    }
  };
}
