import { startSupabaseStandIn, type SupabaseStandIn } from '../fixtures/supabase/stand-in';
import { startPostgres, type PostgresCluster } from './postgres';
import { createTeamDatabase } from './supabase-db';

export interface TeamBackend {
  cluster: PostgresCluster;
  standIn: SupabaseStandIn;
  databaseUrl: string;
  stop(): Promise<void>;
}

/** A real PostgreSQL with the team migrations, and the Supabase stand-in over it. */
export async function startTeamBackend(): Promise<TeamBackend> {
  const cluster = await startPostgres();
  try {
    const { url } = await createTeamDatabase(cluster);
    const standIn = await startSupabaseStandIn({ databaseUrl: url });
    return {
      cluster,
      standIn,
      databaseUrl: url,
      async stop() {
        await standIn.stop();
        await cluster.stop();
      },
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
