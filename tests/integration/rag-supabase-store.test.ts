import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SupabaseStore } from '../../electron/main/services/rag/stores/supabase-store';
import type { JsonSend } from '../../electron/main/services/rag/stores/store';
import { standInEmbedding } from '../fixtures/llm-provider';
import { startSupabaseStandIn, type SupabaseStandIn } from '../fixtures/supabase/stand-in';
import { startPostgres, type PostgresCluster } from '../helpers/postgres';
import { createTeamDatabase } from '../helpers/supabase-db';

/**
 * The table and match function of Supabase's vector guide (which LangChain and n8n read). The
 * stand-in's PostgreSQL has no pgvector, so the embedding is a float8[], the query embedding
 * arrives as the text pgvector would parse ('[0.1,…]'), and the function computes the same
 * cosine similarity (1 - cosine distance) in SQL; what goes over the wire is unchanged.
 */
const SCHEMA = `
create table public.documents (id bigserial primary key, content text, metadata jsonb, embedding float8[]);
create function public.match_documents(query_embedding text, match_count int default null, filter jsonb default '{}')
returns table (id bigint, content text, metadata jsonb, similarity float8) language sql stable as $$
  with q as (select array(select x::float8 from json_array_elements_text(query_embedding::json) x) as v)
  select d.id, d.content, d.metadata,
         (select sum(a * b) from unnest(d.embedding, q.v) as t(a, b))
           / nullif(sqrt((select sum(a * a) from unnest(d.embedding) a)) * sqrt((select sum(b * b) from unnest(q.v) b)), 0) as similarity
  from public.documents d, q where d.metadata @> filter order by similarity desc nulls last limit match_count
$$;
grant all on public.documents to service_role;
grant usage on sequence public.documents_id_seq to service_role;
grant execute on function public.match_documents to service_role;
`;

let cluster: PostgresCluster;
let standIn: SupabaseStandIn;

beforeAll(async () => {
  cluster = await startPostgres();
  const { url } = await createTeamDatabase(cluster);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(SCHEMA);
  await client.end();
  standIn = await startSupabaseStandIn({ databaseUrl: url });
});

afterAll(async () => {
  await standIn?.stop();
  await cluster?.stop();
});

/** JSON over fetch, as the engine's HTTP client sends it. */
const send: JsonSend = async ({ method, url, headers = {}, body }) => {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${text}`);
  return text ? (JSON.parse(text) as unknown) : null;
};

describe('the Supabase vector store', () => {
  it('inserts rows through PostgREST and finds the nearest through match_documents, within a metadata filter', async () => {
    const store = new SupabaseStore(send, standIn.url, standIn.serviceRoleKey, 'documents', 'match_documents');
    const texts = ['Refunds are paid within 30 days.', 'Parcels ship from Lyon.', 'A refund goes back to the card.'];
    await store.add(
      texts.map((text, index) => ({ pageContent: text, metadata: { source: 'blob', team: index === 1 ? 'logistics' : 'billing' } })),
      texts.map((text) => standInEmbedding(text)),
    );
    const found = await store.search(standInEmbedding('How is a refund paid back to the card?'), 2);
    expect(found.map((entry) => entry.document.pageContent)).toEqual(['A refund goes back to the card.', 'Refunds are paid within 30 days.']);
    expect(found[0]!.document.metadata).toEqual({ source: 'blob', team: 'billing' });
    expect(found[0]!.score).toBeGreaterThan(found[1]!.score);
    const filtered = await store.search(standInEmbedding('refund'), 3, { team: 'logistics' });
    expect(filtered.map((entry) => entry.document.pageContent)).toEqual(['Parcels ship from Lyon.']);
    const wire = standIn.requests.filter((request) => request.path.startsWith('/rest/v1/')).map((request) => `${request.method} ${request.path}`);
    expect(wire).toEqual(['POST /rest/v1/documents', 'POST /rest/v1/rpc/match_documents', 'POST /rest/v1/rpc/match_documents']);
    // A match function the project lacks is PostgREST's 404, named.
    const misnamed = new SupabaseStore(send, standIn.url, standIn.serviceRoleKey, 'documents', 'match_chunks');
    await expect(misnamed.search(standInEmbedding('refund'), 1)).rejects.toThrow(/HTTP 404: .*Could not find the function public.match_chunks\(query_embedding, match_count\)/);
  });
});
