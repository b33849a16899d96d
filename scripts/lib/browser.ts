// Debian's chromium and a CJK font for the browser tests, installed with apt-get when missing (never a browser download).
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';
/** Without a CJK font Chinese renders as empty boxes in screenshots. */
export const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/** Flags for a headless Chromium that talks to nothing but the pages it is given. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const PACKAGES: Record<string, string> = { [CHROMIUM]: 'chromium', [CJK_FONT]: 'fonts-wqy-microhei' };

/** Runs a command with its output shown line by line as progress; rejects with the tail of it on failure. */
function run(command: string, args: string[], say: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail: string[] = [];
    let partial = '';
    const relay = (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines.filter((l) => l.trim())) {
        say(`  ${line}`);
        tail.push(line);
        if (tail.length > 20) tail.shift();
      }
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${tail.join('\n')}`));
    });
  });
}

/**
 * Installs what is missing of chromium and fonts-wqy-microhei with apt-get (after apt-get update), printing its
 * progress; answers at once when both are there. Needs root; anyone else gets the command to run.
 */
export async function ensureBrowser(say: (line: string) => void): Promise<void> {
  const missing = Object.entries(PACKAGES)
    .filter(([file]) => !fs.existsSync(file))
    .map(([, pkg]) => pkg);
  if (missing.length === 0) {
    say(`browser: ${CHROMIUM}, CJK font ${CJK_FONT}`);
    return;
  }
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `the browser tests need ${missing.join(' and ')} (${Object.keys(PACKAGES).join(', ')}), and installing ` +
        `them needs root. Run: sudo sh -c '${command}'`,
    );
  }
  say(`browser: installing ${missing.join(', ')} (about a minute): ${command}`);
  await run('apt-get', ['update'], say);
  await run('apt-get', ['install', '-y', ...missing], say);
  for (const file of Object.keys(PACKAGES))
    if (!fs.existsSync(file)) throw new Error(`apt-get finished but ${file} is still missing`);
}
