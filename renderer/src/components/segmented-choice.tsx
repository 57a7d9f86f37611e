import type { ReactNode } from 'react';

export interface Choice<T extends string> {
  value: T;
  label: ReactNode;
}

/** One of a few choices, side by side: radio inputs, so arrow keys move between them. */
export function SegmentedChoice<T extends string>({
  label,
  name,
  choices,
  value,
  onChange,
  small,
  testId,
}: {
  label: string;
  name: string;
  choices: readonly Choice<T>[];
  value: NoInfer<T> | undefined;
  onChange(value: NoInfer<T>): void;
  small?: boolean;
  testId?: (value: T) => string;
}) {
  return (
    <div className={small ? 'segmented small' : 'segmented'} role="radiogroup" aria-label={label}>
      {choices.map((choice) => (
        <label key={choice.value} className={value === choice.value ? 'segment selected' : 'segment'} data-testid={testId?.(choice.value)}>
          <input type="radio" name={name} value={choice.value} checked={value === choice.value} onChange={() => onChange(choice.value)} />
          {choice.label}
        </label>
      ))}
    </div>
  );
}
