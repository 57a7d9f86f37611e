import { N8N_BASE_NODE_NAMES } from './n8n-node-names';

/**
 * Remedies for n8n's own core nodes that are not a service's API (so "call its API with an
 * HTTP request node" would be nonsense), and for node types n8n never had.
 */

const DATABASE = (name: string) => `Echelon has no ${name} node yet: reach ${name} through an MCP server for it (MCP servers page, then an MCP tool call step), or through an HTTP API in front of it.`;
const QUEUE = (name: string) => `Echelon has no ${name} node yet: have a small bridge forward ${name} messages to the workflow's webhook trigger, or publish them from the webhook it calls.`;

const CORE: Record<string, string> = {
  editImage: "Echelon's image editing covers this node's operations only in part: do the edit in a Code step, or with an image API called by an HTTP request node.",
  executeCommand: 'Runs a command on the host: Echelon runs it only where the operator allows commands (setting ECHELON_EXECUTE_COMMAND=1); otherwise replace it with an MCP tool call to a server that does the job.',
  compression: 'Zips or unzips files: replace it with a Code step, or unpack the files before they reach the workflow.',
  executionData: "Saves custom data on the execution for searching: put the values in a Set step's output (visible in the execution's detail) instead.",
  moveBinaryData: "Moves data between an item's JSON and its file: use Extract from file (file → JSON) or Convert to file (JSON → file) instead.",
  localFileTrigger: 'Watches a local folder: Echelon has no folder watcher for this setup; start the workflow on a schedule and read the folder with Read files from disk.',
  n8n: "Manages an n8n instance through n8n's public API (workflows, executions, credentials): in Echelon use the `echelon workflow` commands, or call that n8n's REST API with an HTTP request node if you still run it.",
  n8nTrigger: "Starts when n8n itself starts or a workflow is activated, which has no meaning in Echelon: start the workflow manually or on a schedule instead.",
  n8nTrainingCustomerDatastore: "n8n's training node returns fixed sample customers: replace it with a Code step that returns the rows you need.",
  rssFeedRead: 'Reads an RSS feed: fetch the feed with an HTTP request node, then turn it into items with the XML node.',
  rssFeedReadTrigger: 'Polls an RSS feed: start the workflow on a schedule, fetch the feed with an HTTP request node and parse it with the XML node.',
  debugHelper: "n8n's debugging node (throws errors, makes random data): replace it with a Code step that does what the test needs.",
  totp: 'Generates TOTP codes from a secret: compute the code in a Code step with `require("crypto")` (HMAC-SHA1), the secret in the vault.',
  git: 'Runs git on the host: use an MCP server for git (MCP servers page) in an MCP tool call step.',
  dataTable: "Reads and writes n8n's built-in data tables: keep the rows in a database Echelon can reach (Postgres node) or in the workflow's static data from a Code step.",
  aiTransform: "n8n's AI Transform writes its code with an LLM inside n8n: paste the code it generated into a Code step.",
  mySql: DATABASE('MySQL'),
  microsoftSql: DATABASE('Microsoft SQL Server'),
  mongoDb: DATABASE('MongoDB'),
  redis: DATABASE('Redis'),
  snowflake: DATABASE('Snowflake'),
  mqtt: QUEUE('MQTT'),
  mqttTrigger: QUEUE('MQTT'),
  kafka: QUEUE('Kafka'),
  kafkaTrigger: QUEUE('Kafka'),
  amqp: QUEUE('AMQP'),
  amqpTrigger: QUEUE('AMQP'),
  rabbitmq: QUEUE('RabbitMQ'),
  rabbitmqTrigger: QUEUE('RabbitMQ'),
};

/** What stands in for a type n8n never had, by what its name suggests. */
function unknownTypeRemedy(local: string): string {
  const base = `n8n has no "${local}" node (n8n-nodes-base does not ship one; the workflow was probably written by hand or generated)`;
  if (/trigger|^http(in)?$|webhook/i.test(local)) return `${base}: start the workflow with a Webhook trigger (or a schedule) in its place.`;
  if (/response|respond/i.test(local)) return `${base}: answer the webhook with a Respond to webhook step in its place.`;
  return `${base}: replace it with the node it meant (an HTTP request, a Code step, or an integration's action).`;
}

/** The remedy for an unmapped `n8n-nodes-base` core node or made-up type, or undefined for a service node. */
export function coreRemedy(type: string): string | undefined {
  if (!type.startsWith('n8n-nodes-base.')) return undefined;
  const local = type.slice('n8n-nodes-base.'.length);
  if (Object.hasOwn(CORE, local)) return CORE[local];
  const base = local.replace(/Tool$/, '');
  const spelled = N8N_BASE_NODE_NAMES.get(base.toLowerCase());
  if (!spelled) return unknownTypeRemedy(local);
  if (spelled !== base) return `n8n spells this node type "${spelled}", not "${base}" (n8n itself would not load it): correct the type in the file, then import it again.`;
  return undefined;
}
