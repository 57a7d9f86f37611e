// The stand-in provider in its own process for the agents bench, so its work does not count as
// Echelon's: prints its URL, then one JSON line per answered request ({ task, durationMs }).
// Tasks named "load …" stream 20 chunks stamped with the epoch time they were sent.
import { startLlmProvider, type ScriptedTurn } from '../tests/fixtures/llm-provider';

const now = () => performance.timeOrigin + performance.now();

const provider = await startLlmProvider({
  script: (request): ScriptedTurn => {
    const done = request.messages.flatMap((message) => message.toolResults).length;
    if (done < 2) return { toolCalls: [{ name: 'everything__echo', arguments: { message: `step ${done}` } }], usage: { input: 200, output: 10 } };
    if (!request.task.startsWith('load')) return { text: 'Done.', usage: { input: 260, output: 2 } };
    return { chunks: Array.from({ length: 20 }, () => () => `⟨${now().toFixed(3)}⟩ `), chunkDelayMs: 25, usage: { input: 260, output: 40 } };
  },
});
process.stdout.write(`${JSON.stringify({ url: provider.openaiUrl })}\n`);
let reported = 0;
setInterval(() => {
  for (; reported < provider.requests.length && provider.requests[reported]!.durationMs !== undefined; reported++) {
    const request = provider.requests[reported]!;
    process.stdout.write(`${JSON.stringify({ task: request.task, durationMs: request.durationMs })}\n`);
  }
}, 5);
