import type { Handlers } from '../../../../shared/rpc/router';
import type { PreferencesService } from './preferences-service';

export function preferencesHandlers(preferences: PreferencesService): Pick<Handlers, 'preferences.get' | 'preferences.update'> {
  return {
    'preferences.get': () => preferences.get(),
    'preferences.update': (changes) => preferences.update(changes),
  };
}
