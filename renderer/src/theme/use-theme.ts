import { createContext, useContext, useEffect, useState } from 'react';
import type { Theme } from '../../../shared/contract';

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

/** Applies the chosen theme to <html>; "system" follows the OS and its changes live. */
export function useAppliedTheme(theme: Theme | undefined): 'light' | 'dark' {
  const [systemDark, setSystemDark] = useState(() => darkQuery().matches);
  useEffect(() => {
    const query = darkQuery();
    const onChange = () => setSystemDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  const applied = theme === 'light' || theme === 'dark' ? theme : systemDark ? 'dark' : 'light';
  useEffect(() => {
    document.documentElement.dataset.theme = applied;
  }, [applied]);
  return applied;
}

/** The theme in effect, for components that draw their own colours (the canvas). */
export const AppliedTheme = createContext<'light' | 'dark'>('light');

export function useTheme(): 'light' | 'dark' {
  return useContext(AppliedTheme);
}
