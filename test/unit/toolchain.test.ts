// Where the toolchain finds temporal and stripe-mock, and how it builds or downloads them once (stand-ins).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findOrInstallTool, toolCacheDir, withFileLock } from '../../scripts/lib/toolchain';

/** A script that answers `--version`/`-version` the way the real binary does. */
function fakeBinary(file: string, versionLine: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\necho "${versionLine}"\n`, { mode: 0o755 });
  return file;
}

/**
 * A stand-in for Go: `go install <pkg>@<version>` writes a fake binary into $GOBIN (recording each call and whether
 * two builds ever overlapped), and `go version -m` reports the module version as a real go install build would.
 */
const FAKE_GO = `#!/bin/sh
if [ "$1" = version ]; then
  printf '%s: go1.26\\n\\tpath\\tgithub.com/temporalio/cli/cmd/temporal\\n\\tmod\\tgithub.com/temporalio/cli\\tv1.5.1\\th1:x=\\n' "$3"
  exit 0
fi
echo "$@" >> "$FAKE_GO_DIR/calls"
[ -e "$FAKE_GO_DIR/building" ] && echo overlap >> "$FAKE_GO_DIR/overlaps"
touch "$FAKE_GO_DIR/building"
sleep 0.3
pkg="\${2%@*}"
name="\${pkg##*/}"
case "$name" in
  temporal) line='temporal version 0.0.0-DEV (Server 1.29.1, UI 2.42.1)' ;;
  *) line='stripe-mock 0.197.0' ;;
esac
printf '#!/bin/sh\\necho "%s"\\n' "$line" > "$GOBIN/$name"
chmod +x "$GOBIN/$name"
rm "$FAKE_GO_DIR/building"
`;

describe('findOrInstallTool', () => {
  let root: string;
  let systemBin: string;
  let lines: string[];
  const log = (line: string) => lines.push(line);

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-toolchain-'));
    lines = [];
    // Only the few system commands the scripts need, so no real temporal or go on this machine's PATH leaks in.
    systemBin = path.join(root, 'system-bin');
    fs.mkdirSync(systemBin);
    for (const command of ['tar', 'gzip', 'chmod', 'sleep', 'touch', 'rm']) {
      const real = execFileSync('sh', ['-c', `command -v ${command}`])
        .toString()
        .trim();
      fs.symlinkSync(real, path.join(systemBin, command));
    }
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** An environment with nothing installed: an empty home, a clone without .tools, and no Go anywhere. */
  function bare(extra: NodeJS.ProcessEnv = {}): {
    env: NodeJS.ProcessEnv;
    repoRoot: string;
    goFallbacks: string[];
  } {
    const home = path.join(root, 'home');
    fs.mkdirSync(home, { recursive: true });
    return {
      env: { HOME: home, PATH: systemBin, ...extra },
      repoRoot: path.join(root, 'clone'),
      goFallbacks: [],
    };
  }

  it('uses the binary that TEMPORAL_CLI names', async () => {
    const cli = fakeBinary(
      path.join(root, 'custom', 'temporal'),
      'temporal version 1.5.1 (Server 1.29.1, UI 2.42.1)',
    );

    await expect(findOrInstallTool('temporal', log, bare({ TEMPORAL_CLI: cli }))).resolves.toBe(cli);
    expect(lines).toContain(`temporal: using ${cli} (1.5.1)`);
  });

  it('fails, rather than building another, when TEMPORAL_CLI names no executable', async () => {
    const missing = path.join(root, 'nowhere', 'temporal');

    await expect(findOrInstallTool('temporal', log, bare({ TEMPORAL_CLI: missing }))).rejects.toThrow(
      `TEMPORAL_CLI=${missing} is not an executable file`,
    );
  });

  it('finds the cached build under XDG_CACHE_HOME, and under ~/.cache without it', async () => {
    const xdg = bare({ XDG_CACHE_HOME: path.join(root, 'xdg') });
    const inXdg = fakeBinary(path.join(root, 'xdg', 'kefu', 'bin', 'temporal'), 'temporal version 1.5.1');
    expect(toolCacheDir(xdg.env)).toBe(path.dirname(inXdg));
    await expect(findOrInstallTool('temporal', log, xdg)).resolves.toBe(inXdg);

    const plain = bare();
    const inHome = fakeBinary(
      path.join(root, 'home', '.cache', 'kefu', 'bin', 'temporal'),
      'temporal version 1.5.1',
    );
    await expect(findOrInstallTool('temporal', log, plain)).resolves.toBe(inHome);
  });

  it('prefers PATH, then the clone’s .tools/bin, over the cache', async () => {
    const options = bare();
    fakeBinary(path.join(root, 'home', '.cache', 'kefu', 'bin', 'temporal'), 'temporal version 1.5.1');
    const inTools = fakeBinary(
      path.join(options.repoRoot, '.tools', 'bin', 'temporal'),
      'temporal version 1.5.1',
    );
    await expect(findOrInstallTool('temporal', log, options)).resolves.toBe(inTools);

    const onPath = fakeBinary(path.join(root, 'path-bin', 'temporal'), 'temporal version 1.5.1');
    options.env.PATH = `${path.dirname(onPath)}${path.delimiter}${systemBin}`;
    await expect(findOrInstallTool('temporal', log, options)).resolves.toBe(onPath);
  });

  it('warns about, but still uses, a temporal of another version', async () => {
    const old = fakeBinary(
      path.join(root, 'old', 'temporal'),
      'temporal version 1.3.0 (Server 1.27.1, UI 2.36.0)',
    );

    await expect(findOrInstallTool('temporal', log, bare({ TEMPORAL_CLI: old }))).resolves.toBe(old);
    expect(lines.join('\n')).toMatch(/warning: .* is version 1\.3\.0, Kefu is tested with 1\.5\.1/);
  });

  it('builds temporal once with go install into the cache, even when asked twice at the same time', async () => {
    const goDir = path.join(root, 'go-bin');
    fs.mkdirSync(goDir);
    fs.writeFileSync(path.join(goDir, 'go'), FAKE_GO, { mode: 0o755 });
    const options = bare({ PATH: `${goDir}${path.delimiter}${systemBin}`, FAKE_GO_DIR: goDir });
    const cacheDir = toolCacheDir(options.env);

    const [first, second] = await Promise.all([
      findOrInstallTool('temporal', log, options),
      findOrInstallTool('temporal', log, options),
    ]);

    expect(first).toBe(path.join(cacheDir, 'temporal'));
    expect(second).toBe(first);
    expect(fs.readFileSync(path.join(goDir, 'calls'), 'utf8').trim().split('\n')).toEqual([
      'install github.com/temporalio/cli/cmd/temporal@v1.5.1',
    ]);
    expect(fs.existsSync(path.join(goDir, 'overlaps'))).toBe(false);
    // No lock or half-finished staging directory is left behind.
    expect(fs.readdirSync(cacheDir)).toEqual(['temporal']);
    const said = lines.join('\n');
    expect(said).toContain('~5 minutes');
    expect(said).toContain('~15 s');
    // The unstamped source build (0.0.0-DEV) is recognised through Go's build info.
    expect(said).toContain(`temporal: using ${first} (1.5.1)`);
  });

  it('builds stripe-mock with go install too', async () => {
    const goDir = path.join(root, 'go-bin');
    fs.mkdirSync(goDir);
    fs.writeFileSync(path.join(goDir, 'go'), FAKE_GO, { mode: 0o755 });
    // Go outside PATH, where a bare machine has it.
    const options = { ...bare({ FAKE_GO_DIR: goDir }), goFallbacks: [path.join(goDir, 'go')] };

    const built = await findOrInstallTool('stripe-mock', log, options);

    expect(built).toBe(path.join(toolCacheDir(options.env), 'stripe-mock'));
    expect(fs.readFileSync(path.join(goDir, 'calls'), 'utf8').trim()).toBe(
      'install github.com/stripe/stripe-mock@v0.197.0',
    );
    expect(lines).toContain(`stripe-mock: using ${built} (0.197.0)`);
  });

  it('downloads the temporal release archive when Go is missing', async () => {
    const packed = path.join(root, 'release');
    fakeBinary(path.join(packed, 'temporal'), 'temporal version 1.5.1 (Server 1.29.1, UI 2.42.1)');
    const archive = fs.readFileSync(
      await new Promise<string>((resolve, reject) => {
        const out = path.join(root, 'temporal.tar.gz');
        spawn('tar', ['-czf', out, '-C', packed, 'temporal'], { stdio: 'ignore' })
          .on('error', reject)
          .on('close', () => resolve(out));
      }),
    );
    const server = http.createServer((_req, res) => res.end(archive));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/archive`;
      const options = { ...bare(), downloadUrl: url };

      const downloaded = await findOrInstallTool('temporal', log, options);

      expect(downloaded).toBe(path.join(toolCacheDir(options.env), 'temporal'));
      expect(execFileSync(downloaded, ['--version']).toString()).toContain('1.5.1');
      expect(lines.join('\n')).toContain('Go was not found');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('explains the three ways to provide temporal when nothing works', async () => {
    const server = http.createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/archive`;
      const failure = findOrInstallTool('temporal', log, { ...bare(), downloadUrl: url });

      await expect(failure).rejects.toThrow(/Go was not found/);
      await expect(failure).rejects.toThrow(/HTTP 404/);
      await expect(failure).rejects.toThrow(/set TEMPORAL_CLI/);
      await expect(failure).rejects.toThrow(/install Go/);
      await expect(failure).rejects.toThrow(/on PATH/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('fails without a download for stripe-mock when Go is missing', async () => {
    await expect(findOrInstallTool('stripe-mock', log, bare())).rejects.toThrow(/set STRIPE_MOCK/);
    expect(lines.join('\n')).not.toContain('downloading');
  });
});

describe('withFileLock', () => {
  let dir: string;
  const quiet = () => undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-lock-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lets one holder in at a time', async () => {
    const lock = path.join(dir, 'x.lock');
    const events: string[] = [];
    let releaseFirst = () => undefined as void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));

    const first = withFileLock(lock, 'x', quiet, async () => {
      events.push('first in');
      await firstHolds;
      events.push('first out');
    });
    let secondWaiting = () => undefined as void;
    const waited = new Promise<void>((resolve) => (secondWaiting = resolve));
    const second = withFileLock(lock, 'x', secondWaiting, async () => void events.push('second in'), {
      pollMs: 10,
    });
    await waited;
    expect(events).toEqual(['first in']);
    releaseFirst();
    await Promise.all([first, second]);

    expect(events).toEqual(['first in', 'first out', 'second in']);
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('takes over a lock left by a process that died', async () => {
    const lock = path.join(dir, 'x.lock');
    const dead = spawn(process.execPath, ['-e', '']);
    const deadPid = await new Promise<number>((resolve) => dead.on('exit', () => resolve(dead.pid ?? -1)));
    fs.writeFileSync(
      lock,
      JSON.stringify({ pid: deadPid, host: os.hostname(), since: new Date().toISOString() }),
    );
    const said: string[] = [];

    await expect(
      withFileLock(
        lock,
        'x',
        (l) => said.push(l),
        async () => 'ran',
      ),
    ).resolves.toBe('ran');
    expect(said.join('\n')).toContain('taking over an abandoned lock');
  });
});
