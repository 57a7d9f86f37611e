import type { AlertUnit } from '../contract/alerts';

function duration(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${Math.round(seconds * 10) / 10} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min${seconds % 60 >= 1 ? ` ${Math.round(seconds % 60)} s` : ''}`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

const plural = (count: number, one: string, many = `${one}s`) => `${Math.round(count * 100) / 100} ${count === 1 ? one : many}`;

/** A measured value as a person reads it: "50 %", "3 runs", "1 min 30 s". */
export function formatAlertValue(value: number, unit: AlertUnit): string {
  switch (unit) {
    case 'ratio':
      return `${Math.round(value * 1000) / 10} %`;
    case 'seconds':
      return duration(value);
    case 'runs':
      return plural(value, 'run');
    case 'crashes':
      return plural(value, 'crash', 'crashes');
    case 'checks':
      return plural(value, 'failed check');
    case 'count':
      return String(Math.round(value * 100) / 100);
  }
}

/** A window as "15 min", "1 h", "1 day". */
export function formatWindow(seconds: number): string {
  if (seconds % 86_400 === 0) return plural(seconds / 86_400, 'day');
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
