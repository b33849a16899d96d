// `npm run eval:understanding [-- --verbose]`: scores this checkout's offline reader against data/eval and prints the report.
import { formatScores, localReader, readEvaluationSet, scoreReader } from './lib/understanding-eval';

function main(): void {
  const verbose = process.argv.includes('--verbose');
  const set = readEvaluationSet();
  const scores = scoreReader(localReader(), set);
  process.stdout.write(`${formatScores(scores, verbose)}\n`);
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(scores, null, 2)}\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
