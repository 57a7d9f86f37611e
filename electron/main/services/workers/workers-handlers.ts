import type { Handlers } from '../../../../shared/rpc/router';
import type { TeamWorkersView } from './team-workers-view';

export function workersHandlers(view: TeamWorkersView): Pick<Handlers, 'workers.list'> {
  return { 'workers.list': () => view.list() };
}
