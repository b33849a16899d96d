// Case settings for tests that build a case without the config module: a minute of inactivity, the default identity levels.
import type { CaseSettings } from '../../workflows/types';

export const TEST_CASE_SETTINGS: CaseSettings = {
  inactivityTimeoutMs: 60_000,
  historyLimit: 0,
  recentMessages: 20,
  identityMaxAttempts: 3,
  identityLevels: { order_status: 'contact', order_history: 'code', order_change: 'code', payment: 'code' },
};
