import type { CrashReports, UpdateStatus } from '../../../../shared/contract';

/**
 * What only the desktop app can do, handed to the host by the Electron shell: its updater and its
 * crash dumps. Headless, the host answers that neither exists.
 */
export interface DesktopPort {
  updates: {
    status(): UpdateStatus;
    configure(automatic: boolean): UpdateStatus;
    check(): Promise<UpdateStatus>;
    restart(): void;
  };
  crashReports: {
    list(): CrashReports;
    reveal(id: string): void;
  };
}
