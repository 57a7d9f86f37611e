import { useCallback } from 'react';
import type { ApprovalView } from '../../../shared/contract';
import { useApiEvent } from '../api/hooks';

/**
 * In a browser, a waiting tool call shows a system notification when the page is not focused
 * (once the person allowed it); the desktop app notifies from its main process instead.
 */
export function useApprovalNotifications(onOpen: () => void): void {
  useApiEvent(
    'agents.approval.requested',
    useCallback(
      (approval: ApprovalView) => {
        if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || document.hasFocus()) return;
        const notification = new Notification(`${approval.agentName} needs an approval`, { body: `Call ${approval.server}__${approval.tool}? Open the approvals inbox to decide.`, tag: `approval-${approval.taskId}` });
        notification.onclick = () => {
          window.focus();
          onOpen();
        };
      },
      [onOpen],
    ),
  );
}
