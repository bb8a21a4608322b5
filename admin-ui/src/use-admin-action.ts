import { useState } from 'react';
import { useNotify, useRefresh } from 'react-admin';
import { mutate } from './graphql-client';

/**
 * One admin decision (claim, resolve, ban, approve a refund ...): runs the
 * mutation, shows its outcome, and reloads the screen so it shows the new state.
 */
export function useAdminAction() {
  const notify = useNotify();
  const refresh = useRefresh();
  const [running, setRunning] = useState(false);
  async function run(query: string, variables: Record<string, unknown>, field: string, done: string): Promise<any> {
    setRunning(true);
    try {
      const result = await mutate(query, variables, field);
      notify(done, { type: 'success' });
      refresh();
      return result;
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
      return null;
    } finally {
      setRunning(false);
    }
  }
  return { run, running };
}
