// Bundles the workflows once into a file (the container image does it at build), for KEFU_WORKFLOW_BUNDLE.
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { WORKFLOW_TRACING_MODULE } from '../activities/platform/telemetry';

async function main(): Promise<void> {
  const target = path.resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
  const started = Date.now();
  process.stderr.write(`[kefu] bundling workflows into ${target}\n`);
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    // Traced only when KEFU_OTLP_ENDPOINT is set; otherwise the workflows' spans go to a sink that drops them.
    workflowInterceptorModules: [WORKFLOW_TRACING_MODULE],
    logger: new DefaultLogger('WARN'),
  });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, code);
  process.stderr.write(
    `[kefu] workflow bundle written: ${(code.length / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`[kefu] bundling failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
