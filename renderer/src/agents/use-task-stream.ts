import { useCallback, useState } from 'react';
import { useApiEvent } from '../api/hooks';

const NOTHING: ReadonlyMap<number, string> = new Map();

/** The text a task's model is writing, turn by turn, as it arrives (the `agents.task.delta` events). */
export function useTaskStream(taskId: number): ReadonlyMap<number, string> {
  const [stream, setStream] = useState<{ taskId: number; turns: Map<number, string> }>({ taskId, turns: new Map() });
  useApiEvent(
    'agents.task.delta',
    useCallback(
      (delta: { taskId: number; turn: number; text: string }) => {
        if (delta.taskId !== taskId) return;
        setStream((previous) => {
          const turns = new Map(previous.taskId === taskId ? previous.turns : []);
          return { taskId, turns: turns.set(delta.turn, (turns.get(delta.turn) ?? '') + delta.text) };
        });
      },
      [taskId],
    ),
  );
  return stream.taskId === taskId ? stream.turns : NOTHING;
}
