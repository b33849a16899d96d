// npm run setup: installs the toolchain ahead of time (Temporal CLI, stripe-mock), so the first start or test run is quick.
import { ensureLabelFont } from './lib/label-font';
import { findOrInstallTool } from './lib/toolchain';

const say = (line: string) => process.stdout.write(`[kefu setup] ${line}\n`);

async function main(): Promise<void> {
  for (const tool of ['temporal', 'stripe-mock'] as const) {
    say(`${tool}: ${await findOrInstallTool(tool, say)}`);
  }
  ensureLabelFont(say);
  say('done. For PostgreSQL with pgvector (tests, DATABASE_URL): bash scripts/ensure-pgvector.sh');
}

main().catch((err: unknown) => {
  process.stderr.write(`[kefu setup] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
