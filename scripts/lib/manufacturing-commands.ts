// `kefu trees …` and `kefu maintenance …`: troubleshooting trees and maintenance policies from files.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  deletePolicy,
  listPolicies,
  PolicyError,
  savePolicy,
  validatePolicy,
} from '../../activities/manufacturing/maintenance';
import { importTrees, listTrees, parseTreeText, TreeError } from '../../activities/manufacturing/trees';
import type { OpenDatabase } from './database';

type WithDatabase = <T>(fn: (db: OpenDatabase) => Promise<T>) => Promise<T>;

/** A policies file (YAML or JSON): a list of policies, all checked before any is saved. */
export function readPolicyFile(file: string) {
  const parsed = parseTreeText(fs.readFileSync(file, 'utf8'), path.basename(file));
  if (!Array.isArray(parsed)) throw new PolicyError(path.basename(file), 'must be a list of policies');
  return parsed.map((p, i) => validatePolicy(p, `[${i}]`));
}

export function addManufacturingCommands(
  program: Command,
  withDatabase: WithDatabase,
  note: (line: string) => void,
): void {
  const trees = program.command('trees').description('troubleshooting trees (YAML or JSON)');
  trees
    .command('import <path>')
    .description('validate and import a tree file or a folder of them; a changed tree becomes a new version')
    .action(async (target: string) => {
      try {
        const imported = await withDatabase((db) =>
          importTrees(db.pool, path.resolve(target), { by: 'cli', onProgress: note }),
        );
        const created = imported.filter((t) => t.created).length;
        note(
          `${imported.length} trees checked: ${created} new versions, ${imported.length - created} unchanged`,
        );
      } catch (err) {
        if (!(err instanceof TreeError)) throw err;
        for (const p of err.problems) note(`${p.path}: ${p.message}`);
        throw new Error(`nothing imported: ${err.problems.length} problem(s)`);
      }
    });
  trees
    .command('list')
    .description('the latest version of every tree')
    .action(async () => {
      for (const t of await withDatabase((db) => listTrees(db.pool)))
        process.stdout.write(
          `${t.id}  v${t.version}  ${[...t.codes, ...t.keywords].join(', ')}  ${t.titleEn}\n`,
        );
    });

  const policies = program.command('maintenance').description('preventive-maintenance policies per model');
  policies
    .command('import <file>')
    .description('set the policies of a YAML or JSON list (by id), all or nothing')
    .action(async (file: string) => {
      const list = readPolicyFile(path.resolve(file));
      await withDatabase(async (db) => {
        for (const p of list) await savePolicy(db.pool, p);
      });
      note(`${list.length} maintenance policies saved`);
    });
  policies
    .command('list')
    .option('--model <model>', 'only this model')
    .action(async (options: { model?: string }) => {
      for (const p of await withDatabase((db) => listPolicies(db.pool, options.model))) {
        const when = [
          p.everyHours ? `every ${p.everyHours} h` : '',
          p.everyCycles ? `every ${p.everyCycles} cycles` : '',
          p.everyDays ? `every ${p.everyDays} days` : '',
          p.metric ? `${p.metric} ≥ ${p.threshold}` : '',
        ].filter(Boolean);
        process.stdout.write(`${p.id}  ${p.model}  ${when.join(' or ')}  ${p.task.en}\n`);
      }
    });
  policies.command('delete <id>').action(async (id: string) => {
    if (!(await withDatabase((db) => deletePolicy(db.pool, id)))) throw new Error(`no policy ${id}`);
    note(`deleted ${id}`);
  });
}
