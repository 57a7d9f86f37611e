import { describe, expect, it } from 'vitest';
import { remedyFor } from '../../electron/main/services/engine/n8n/remedy';

const remedy = (type: string) => remedyFor(type, undefined, undefined, { known: false });

describe('remedies for unmapped n8n core nodes', () => {
  it('never tells a core node that is not a service to call its "API"', () => {
    for (const type of ['editImage', 'executeCommand', 'compression', 'executionData', 'moveBinaryData', 'localFileTrigger', 'n8n', 'rssFeedRead', 'mySql']) {
      expect(remedy(`n8n-nodes-base.${type}`)).not.toMatch(/API with an HTTP request node \(its key/);
    }
    expect(remedy('n8n-nodes-base.executeCommand')).toContain('ECHELON_EXECUTE_COMMAND');
    expect(remedy('n8n-nodes-base.hubspot')).toContain('call the Hubspot API with an HTTP request node');
  });

  it('says when n8n never had the node type, or spells it otherwise', () => {
    expect(remedy('n8n-nodes-base.httpTrigger')).toMatch(/^n8n has no "httpTrigger" node .*Webhook trigger/);
    expect(remedy('n8n-nodes-base.httpResponse')).toMatch(/^n8n has no "httpResponse" node .*Respond to webhook/);
    expect(remedy('n8n-nodes-base.mongodb')).toContain('n8n spells this node type "mongoDb"');
    expect(remedy('n8n-nodes-base.notionTool')).toContain('An AI agent tool for Notion');
  });
});
