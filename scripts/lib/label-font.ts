// The CJK font return labels need (fonts-wqy-microhei), installed by the setup scripts, never while Kefu runs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { DEFAULT_LABEL_FONT } from '../../activities/returns/label';

/**
 * Return labels print Chinese names and addresses with WenQuanYi Micro Hei; PDF's own fonts are Latin only. Installed
 * here, once, never while Kefu runs.
 */
export function ensureLabelFont(say: (line: string) => void): void {
  if (process.env.KEFU_LABEL_FONT || fs.existsSync(DEFAULT_LABEL_FONT)) {
    say(`label font: ${process.env.KEFU_LABEL_FONT || DEFAULT_LABEL_FONT}`);
    return;
  }
  const root = process.getuid?.() === 0;
  if (!root || spawnSync('apt-get', ['--version']).status !== 0) {
    say(
      `label font: missing. Install it with: sudo apt-get install -y fonts-wqy-microhei (or set KEFU_LABEL_FONT)`,
    );
    return;
  }
  say('label font: apt-get install -y fonts-wqy-microhei');
  const result = spawnSync('apt-get', ['install', '-y', 'fonts-wqy-microhei'], { stdio: 'inherit' });
  if (result.status !== 0)
    say('label font: apt-get failed; return labels need KEFU_LABEL_FONT or fonts-wqy-microhei');
}
