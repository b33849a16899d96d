// Manufacturing activities: devices and service tickets, troubleshooting trees, maintenance (built from their dependencies).
import type { Pool } from 'pg';
import type { Config } from '../platform/config';
import { createDeviceActivities } from './devices';
import { createMaintenanceActivities } from './maintenance';
import { findTree, readTree } from './trees';
import type { TroubleshootingTree } from './tree-types';

export function createManufacturingActivities(db: Pool, config: Pick<Config, 'manufacturing' | 'cases'>) {
  return {
    ...createDeviceActivities(db, config.manufacturing),
    ...createMaintenanceActivities(db, config),
    /** The tree for a symptom, loaded once: the case carries it from here on, so later edits never reach it. */
    async findTroubleshootingTree(query: {
      symptom: string;
      model?: string | null;
      product?: string | null;
    }): Promise<TroubleshootingTree | null> {
      return findTree(db, query);
    },
    async readTroubleshootingTree({ id, version }: { id: string; version?: number }) {
      return readTree(db, id, version);
    },
  };
}
