import type { SFTPWrapper } from 'ssh2';
import type { CommandOptions, CommandResult, SftpSession, SshSession } from '../../../../shared/integrations/ssh';
import { runCommand } from './remote-command';
import { openSftp, SftpFiles } from './sftp-files';
import type { Lease } from './ssh-pool';

/**
 * The SSH session one action gets: it takes a link on first use (shared from the pool, or its
 * own for a health check) and gives it back, with its SFTP channel closed, when disposed.
 */
export class LeasedSession implements SshSession {
  private lease: Promise<Lease> | undefined;
  private channel: Promise<SFTPWrapper> | undefined;

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly acquire: () => Promise<Lease>,
  ) {}

  get address(): string {
    return this.port === 22 ? this.host : `${this.host}:${this.port}`;
  }

  private async client() {
    this.lease ??= this.acquire();
    return (await this.lease).link.client;
  }

  async exec(command: string, options: CommandOptions): Promise<CommandResult> {
    return runCommand(await this.client(), command, options, this.address);
  }

  async sftp(): Promise<SftpSession> {
    this.channel ??= this.client().then(openSftp);
    return new SftpFiles(await this.channel, this.address);
  }

  async dispose(): Promise<void> {
    const channel = this.channel;
    const lease = this.lease;
    this.channel = undefined;
    this.lease = undefined;
    await channel?.then((sftp) => sftp.end(), () => {});
    await lease?.then((held) => held.release(), () => {});
  }
}
