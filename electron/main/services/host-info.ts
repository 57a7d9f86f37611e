import type { z } from 'zod';
import type { Shell } from '../../../shared/contract';

/** Facts about the process hosting the services, fixed at start. */
export interface HostInfo {
  shell: z.infer<typeof Shell>;
  dataDir: string;
  startedAt: string;
}
