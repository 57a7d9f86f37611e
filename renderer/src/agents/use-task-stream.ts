import { useCallback, useEffect, useRef, useState } from 'react';
import { useApiEvent } from '../api/hooks';

const NOTHING: ReadonlyMap<number, string> = new Map();

interface Delta {
  taskId: number;
  turn: number;
  text: string;
}

/**
 * The text a task's model is writing, turn by turn, as it arrives (the `agents.task.delta`
 * events). Tokens arriving within one frame are applied together: one render per frame at
 * most, however fast the model writes, and none while the page is hidden.
 */
export function useTaskStream(taskId: number): ReadonlyMap<number, string> {
  const [stream, setStream] = useState<{ taskId: number; turns: Map<number, string> }>({ taskId, turns: new Map() });
  const pending = useRef<Delta[]>([]);
  const frame = useRef<number | undefined>(undefined);
  useEffect(
    () => () => {
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
      frame.current = undefined;
      pending.current = [];
    },
    [taskId],
  );
  useApiEvent(
    'agents.task.delta',
    useCallback(
      (delta: Delta) => {
        if (delta.taskId !== taskId) return;
        pending.current.push(delta);
        frame.current ??= requestAnimationFrame(() => {
          frame.current = undefined;
          const batch = pending.current;
          pending.current = [];
          setStream((previous) => {
            const turns = new Map(previous.taskId === taskId ? previous.turns : []);
            for (const { turn, text } of batch) turns.set(turn, (turns.get(turn) ?? '') + text);
            return { taskId, turns };
          });
        });
      },
      [taskId],
    ),
  );
  return stream.taskId === taskId ? stream.turns : NOTHING;
}
