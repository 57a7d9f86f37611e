import nodemailer from 'nodemailer';
import type { z } from 'zod';
import { EchelonError, type ErrorCode } from '../../../shared/contract/errors';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { SendParams, SmtpConnection } from './manifest';

type Context = ActionContext<z.output<typeof SmtpConnection>>;
type Transport = ReturnType<typeof nodemailer.createTransport>;

/** The connection's pooled transport, kept between messages and closed when idle or when the connection changes. */
function transport(ctx: Context): Promise<Transport> {
  return ctx.keep(
    'transport',
    () => {
      const config = ctx.connection!.config;
      const auth = ctx.connection!.authType === 'basic' ? ctx.login() : undefined;
      return nodemailer.createTransport({
        host: config.host,
        port: config.port,
        secure: config.security === 'tls',
        requireTLS: config.security === 'starttls',
        ignoreTLS: config.security === 'none',
        auth: auth ? { user: auth.username, pass: auth.password } : undefined,
        tls: { rejectUnauthorized: config.verifyCertificate },
        pool: true,
        maxConnections: 3,
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 60_000,
      });
    },
    (kept) => kept.close(),
  );
}

/** The server's reply or the socket's failure, in words that say what to change. */
function describe(error: unknown): never {
  const failure = error as { code?: string; responseCode?: number; response?: string; message?: string };
  const code: ErrorCode = failure.code === 'EAUTH' ? 'forbidden' : failure.code === 'ETIMEDOUT' ? 'timeout' : failure.code === 'EENVELOPE' || failure.code === 'EMESSAGE' ? 'invalid_input' : 'unavailable';
  const hint = failure.code === 'EAUTH' ? ' Check the username and password of the connection.' : failure.code === 'ETLS' || /TLS|certificate/i.test(failure.message ?? '') ? ' Check the security setting (starttls, tls) and the server certificate.' : '';
  throw new EchelonError(code, `SMTP: ${(failure.response ?? failure.message ?? String(error)).trim()}${hint}`);
}

const addresses = (value: string | string[] | undefined): string[] => (Array.isArray(value) ? value : (value ?? '').split(',')).map((entry) => entry.trim()).filter(Boolean);

export default defineIntegrationCode({
  actions: {
    async send(params: z.output<typeof SendParams>, ctx: Context) {
      const from = params.from ?? ctx.connection?.config.from;
      if (!from) throw new EchelonError('invalid_input', 'Say who the message is from, here or as the connection\'s default sender.', { path: 'params.from' });
      const to = addresses(params.to);
      const cc = addresses(params.cc);
      const bcc = addresses(params.bcc);
      if (to.length + cc.length + bcc.length === 0) throw new EchelonError('invalid_input', 'Give at least one recipient (to, cc or bcc).', { path: 'params.to' });
      const attachments = params.attachments.map((property) => {
        const ref = ctx.files?.input(property);
        if (!ref || !ctx.files) throw new EchelonError('invalid_input', `The item has no binary data "${property}" to attach.`, { path: 'params.attachments' });
        // Streamed from the payload file, never read whole into memory.
        return { filename: ref.fileName ?? property, contentType: ref.mimeType, path: ctx.files.localPath(ref) };
      });
      const kept = await transport(ctx);
      try {
        const info = await kept.sendMail({ from, to, cc, bcc, replyTo: params.replyTo, subject: params.subject, text: params.text, html: params.html, attachments });
        return { messageId: info.messageId, accepted: info.accepted.map(String), rejected: info.rejected.map(String), response: info.response };
      } catch (error) {
        return describe(error);
      }
    },
    async check(_params: Record<string, never>, ctx: Context) {
      const kept = await transport(ctx);
      await kept.verify().catch(describe);
      return { ok: true };
    },
  },
});
