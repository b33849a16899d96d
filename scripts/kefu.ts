// The kefu command line (npm run kefu -- …): API keys, business-data import and migrations.
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { Command, InvalidArgumentError } from 'commander';
import {
  createApiKey,
  isRole,
  listApiKeys,
  revokeApiKey,
  ROLES,
  type Role,
} from '../activities/platform/api-keys';
import { ConfigError, loadConfig } from '../activities/platform/config';
import { migrate } from '../activities/platform/db';
import { ImportError, importFile } from '../activities/commerce/import';
import { openDatabase, type OpenDatabase } from './lib/database';
import { addKnowledgeCommands } from './lib/kb-commands';
import { addManufacturingCommands } from './lib/manufacturing-commands';

const note = (line: string) => process.stderr.write(`[kefu] ${line}\n`);

async function withDatabase<T>(fn: (db: OpenDatabase) => Promise<T>): Promise<T> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    // A production command must never write to a private embedded database by mistake.
    if (config.env === 'production') throw new Error('DATABASE_URL is not set (KEFU_ENV=production)');
    note(`DATABASE_URL is not set: using the embedded database in ${config.dataDir}`);
  }
  const db = await openDatabase(config, note);
  try {
    await migrate(db.pool, note);
    return await fn(db);
  } finally {
    await db.close();
  }
}

function parseRole(value: string): Role {
  if (!isRole(value)) throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  return value;
}

const program = new Command('kefu').description('Kefu administration').showHelpAfterError();

const keys = program.command('keys').description('staff API keys');
keys
  .command('create')
  .description('create an API key (printed once; only its hash is stored)')
  .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, parseRole)
  .requiredOption('--name <name>', 'who or what the key is for')
  .action(async (options: { role: Role; name: string }) => {
    const created = await withDatabase((db) => createApiKey(db.pool, options.role, options.name));
    note(
      `created ${options.role} key ${created.id} for "${options.name}"; store it now, it is not shown again:`,
    );
    process.stdout.write(`${created.key}\n`);
  });
keys
  .command('list')
  .description('list API keys (never their secrets)')
  .action(async () => {
    const list = await withDatabase((db) => listApiKeys(db.pool));
    for (const k of list) {
      process.stdout.write(
        `${k.id}  ${k.role.padEnd(10)} ${k.keyPrefix}…  ${k.name}${k.revokedAt ? `  (revoked ${k.revokedAt})` : ''}\n`,
      );
    }
  });
keys
  .command('revoke <id>')
  .description('revoke an API key by id')
  .action(async (id: string) => {
    const revoked = await withDatabase((db) => revokeApiKey(db.pool, id));
    if (!revoked) throw new Error(`no active key with id ${id}`);
    note(`revoked ${id}`);
  });

program
  .command('import <file>')
  .description(
    'import customers, products, orders, shipments and devices (schemas/import/kefu-import.schema.json), all or nothing',
  )
  .option('--shift-dates', "move every date so the file's generatedAt becomes now (for demo data)")
  .action(async (file: string, options: { shiftDates?: boolean }) => {
    const summary = await withDatabase((db) =>
      importFile(db.pool, path.resolve(file), {
        shiftDatesTo: options.shiftDates ? new Date() : undefined,
        onProgress: note,
      }),
    );
    note(`imported ${path.basename(file)}: ${JSON.stringify(summary)}`);
  });

program
  .command('replay <files...>')
  .description(
    'replay case histories exported as JSON (Temporal UI or `temporal workflow show -o json`) against this code',
  )
  .action(async (files: string[]) => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('../workflows'),
      logger: new DefaultLogger('WARN'),
    });
    let failed = 0;
    for (const file of files) {
      const history: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      try {
        await Worker.runReplayHistory({ workflowBundle: { code } }, history, path.basename(file, '.json'));
        note(`replayed ${file}: ok`);
      } catch (err) {
        failed += 1;
        note(`replayed ${file}: FAILED: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (failed > 0) throw new Error(`${failed} of ${files.length} histories do not replay against this code`);
    note(`all ${files.length} histories replay against this code`);
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    await withDatabase(async () => undefined);
    note('database is up to date');
  });

program
  .command('setup')
  .description(
    'apply pending migrations, then load the demo data into a database without customers if KEFU_LOAD_DEMO_DATA is on',
  )
  .action(async () => {
    const config = loadConfig();
    await withDatabase(async (db) => {
      if (!config.loadDemoData) {
        note('KEFU_LOAD_DEMO_DATA is off: not loading the demo data');
        return;
      }
      const { rows } = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM customers');
      if (Number(rows[0]?.n ?? 0) > 0) {
        note('the database already has customers: not loading the demo data');
        return;
      }
      const demo = path.resolve(__dirname, '../data/demo/kefu-demo.json');
      const summary = await importFile(db.pool, demo, { shiftDatesTo: new Date(), onProgress: note });
      note(`demo data loaded: ${JSON.stringify(summary)}`);
    });
    note('database is up to date');
  });

addKnowledgeCommands(program, withDatabase, note);
addManufacturingCommands(program, withDatabase, note);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ImportError) {
    note(`import failed, nothing was applied:`);
    for (const p of err.problems) process.stderr.write(`  ${p.path}: ${p.reason}\n`);
    const more = err.totalProblems - err.problems.length;
    if (more > 0) process.stderr.write(`  … and ${more} more\n`);
  } else if (err instanceof ConfigError) {
    note(err.message);
  } else {
    note(err instanceof Error ? err.message : String(err));
  }
  process.exit(1);
});
