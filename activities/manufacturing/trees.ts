// Troubleshooting trees: parsed from YAML or JSON, validated with errors naming the step, stored as versions, found by symptom.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import YAML from 'yaml';
import {
  ANSWER_KINDS,
  TREE_OUTCOMES,
  isLeaf,
  type TreeAnswer,
  type TreeNode,
  type TreeText,
  type TroubleshootingTree,
} from './tree-types';

export interface TreeProblem {
  /** Where in the document, e.g. `steps[2] (socket).answers[0].next`. */
  path: string;
  message: string;
}

export class TreeError extends Error {
  constructor(readonly problems: TreeProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    this.name = 'TreeError';
  }
}

/** YAML is a superset of JSON, so one parser reads both; a syntax error names its line. */
export function parseTreeText(text: string, where = 'document'): unknown {
  try {
    return YAML.parse(text, { prettyErrors: true });
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new TreeError([{ path: where, message: `not valid YAML or JSON: ${message}` }]);
  }
}

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a parsed document and returns the tree it describes (version 0 until stored); every problem is listed. */
export function validateTree(raw: unknown): TroubleshootingTree {
  const problems: TreeProblem[] = [];
  const problem = (at: string, message: string) => problems.push({ path: at, message });
  if (!isObject(raw)) throw new TreeError([{ path: 'document', message: 'must be an object' }]);

  const text = (value: unknown, at: string, required = true): TreeText | undefined => {
    if (value === undefined && !required) return undefined;
    if (!isObject(value)) {
      problem(at, 'must have en and zh texts');
      return undefined;
    }
    const en = typeof value.en === 'string' ? value.en.trim() : '';
    const zh = typeof value.zh === 'string' ? value.zh.trim() : '';
    if (!en) problem(`${at}.en`, 'the English text is missing');
    if (!zh) problem(`${at}.zh`, 'the Chinese text is missing');
    return { en, zh };
  };
  const words = (value: unknown, at: string): string[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((w) => typeof w !== 'string' || !w.trim())) {
      problem(at, 'must be a list of words');
      return [];
    }
    return (value as string[]).map((w) => w.trim());
  };
  const bilingualWords = (value: unknown, at: string): { en: string[]; zh: string[] } => {
    if (value === undefined) return { en: [], zh: [] };
    if (!isObject(value)) {
      problem(at, 'must have en and zh word lists');
      return { en: [], zh: [] };
    }
    return { en: words(value.en, `${at}.en`), zh: words(value.zh, `${at}.zh`) };
  };

  const id = typeof raw.id === 'string' ? raw.id.trim() : '';
  if (!ID.test(id)) problem('id', 'must be lower-case letters, digits, - or _ (e.g. dishwasher-e3)');
  const title = text(raw.title, 'title');
  const models = words(raw.models, 'models');
  const products = words(raw.products, 'products');
  const codes = words(raw.codes, 'codes').map((c) => c.toUpperCase());
  const keywords = words(raw.keywords, 'keywords').map((k) => k.toLowerCase());
  if (codes.length + keywords.length === 0)
    problem('codes', 'give error codes or keywords that pick this tree');
  const safety = bilingualWords(raw.safety, 'safety');

  const steps: TreeNode[] = [];
  if (!Array.isArray(raw.steps) || raw.steps.length === 0) problem('steps', 'must list at least one step');
  const rawSteps: unknown[] = Array.isArray(raw.steps) ? raw.steps : [];
  const ids = new Map<string, number>();
  rawSteps.forEach((s, i) => {
    const stepId = isObject(s) && typeof s.id === 'string' ? s.id.trim() : '';
    const at = `steps[${i}]${stepId ? ` (${stepId})` : ''}`;
    if (!isObject(s)) return problem(at, 'must be an object');
    if (!ID.test(stepId)) return problem(`${at}.id`, 'must be lower-case letters, digits, - or _');
    if ((TREE_OUTCOMES as readonly string[]).includes(stepId))
      problem(`${at}.id`, `"${stepId}" is reserved for the outcome of the same name`);
    const earlier = ids.get(stepId);
    if (earlier !== undefined) problem(`${at}.id`, `duplicate step id, already used by steps[${earlier}]`);
    ids.set(stepId, i);
    if (s.outcome !== undefined) {
      if (!(TREE_OUTCOMES as readonly unknown[]).includes(s.outcome))
        problem(`${at}.outcome`, `must be one of ${TREE_OUTCOMES.join(', ')}`);
      if (s.answers !== undefined) problem(`${at}.answers`, 'a leaf (with an outcome) expects no answers');
      const say = text(s.say, `${at}.say`, false);
      steps.push({ id: stepId, outcome: s.outcome as 'resolved', ...(say ? { say } : {}) });
      return;
    }
    const say = text(s.say, `${at}.say`) ?? { en: '', zh: '' };
    const warning = text(s.warning, `${at}.warning`, false);
    const answers: TreeAnswer[] = [];
    if (!Array.isArray(s.answers) || s.answers.length === 0)
      problem(`${at}.answers`, 'a step must expect at least one answer (or be a leaf with an outcome)');
    (Array.isArray(s.answers) ? (s.answers as unknown[]) : []).forEach((a, j) => {
      const aAt = `${at}.answers[${j}]`;
      if (!isObject(a)) return problem(aAt, 'must be an object with when and next');
      const next = typeof a.next === 'string' ? a.next.trim() : '';
      if (!next) problem(`${aAt}.next`, 'is missing');
      if (typeof a.when === 'string') {
        if (!(ANSWER_KINDS as readonly string[]).includes(a.when))
          problem(`${aAt}.when`, `must be one of ${ANSWER_KINDS.join(', ')}, or en/zh word lists`);
        answers.push({ when: a.when as TreeAnswer['when'], next });
      } else {
        const own = bilingualWords(a.when, `${aAt}.when`);
        if (own.en.length + own.zh.length === 0) problem(`${aAt}.when`, 'is missing');
        answers.push({ when: own, next });
      }
    });
    steps.push({ id: stepId, say, ...(warning ? { warning } : {}), answers });
  });

  const start = typeof raw.start === 'string' ? raw.start.trim() : (steps[0]?.id ?? '');
  if (start && !ids.has(start)) problem('start', `no step named "${start}"`);
  steps.forEach((node, i) => {
    if (isLeaf(node)) return;
    node.answers.forEach((a, j) => {
      if (a.next && !ids.has(a.next) && !(TREE_OUTCOMES as readonly string[]).includes(a.next))
        problem(
          `steps[${i}] (${node.id}).answers[${j}].next`,
          `no step named "${a.next}" (or use ${TREE_OUTCOMES.join(' / ')})`,
        );
    });
  });
  // Steps nobody can reach are usually a typo in a `next`.
  if (problems.length === 0) {
    const reached = new Set<string>();
    const queue = [start];
    while (queue.length > 0) {
      const at = queue.pop() ?? '';
      if (reached.has(at)) continue;
      reached.add(at);
      const node = steps.find((s) => s.id === at);
      if (node && !isLeaf(node)) queue.push(...node.answers.map((a) => a.next));
    }
    steps.forEach((s, i) => {
      if (!reached.has(s.id))
        problem(`steps[${i}] (${s.id})`, `no answer leads to this step from "${start}"`);
    });
  }
  if (problems.length > 0) throw new TreeError(problems);
  return {
    id,
    version: 0,
    title: title ?? { en: '', zh: '' },
    models,
    products,
    codes,
    keywords,
    safety,
    start,
    steps,
  };
}

export interface ImportedTree {
  id: string;
  version: number;
  /** False when the same document was already the latest version. */
  created: boolean;
}

function hashOf(tree: TroubleshootingTree): string {
  return createHash('sha256')
    .update(JSON.stringify({ ...tree, version: 0 }))
    .digest('hex');
}

/** Stores a validated tree as a new version, unless it equals the latest one. */
export async function saveTree(
  db: Pool,
  tree: TroubleshootingTree,
  meta: { source?: string; by?: string } = {},
): Promise<ImportedTree> {
  const hash = hashOf(tree);
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    // Two imports of the same tree at once take turns, so versions never collide.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tree:${tree.id}`]);
    const { rows } = await client.query<{ version: number; content_hash: string }>(
      'SELECT version, content_hash FROM troubleshooting_trees WHERE id = $1 ORDER BY version DESC LIMIT 1',
      [tree.id],
    );
    const latest = rows[0];
    if (latest && latest.content_hash === hash) {
      await client.query('COMMIT');
      return { id: tree.id, version: latest.version, created: false };
    }
    const version = (latest?.version ?? 0) + 1;
    const stored = { ...tree, version };
    await client.query(
      `INSERT INTO troubleshooting_trees
         (id, version, title_en, title_zh, models, products, codes, keywords, document, content_hash, source, imported_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        tree.id,
        version,
        tree.title.en,
        tree.title.zh,
        tree.models,
        tree.products,
        tree.codes,
        tree.keywords,
        JSON.stringify(stored),
        hash,
        meta.source ?? null,
        meta.by ?? null,
      ],
    );
    await client.query('COMMIT');
    return { id: tree.id, version, created: true };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Imports one tree file, or every .yaml/.yml/.json file of a folder; all are validated before any is stored. */
export async function importTrees(
  db: Pool,
  target: string,
  meta: { by?: string; onProgress?: (line: string) => void } = {},
): Promise<ImportedTree[]> {
  const files = fs.statSync(target).isDirectory()
    ? fs
        .readdirSync(target)
        .filter((f) => /\.(ya?ml|json)$/i.test(f))
        .sort()
        .map((f) => path.join(target, f))
    : [target];
  const problems: TreeProblem[] = [];
  const trees: { tree: TroubleshootingTree; file: string }[] = [];
  for (const file of files) {
    const name = path.basename(file);
    try {
      trees.push({ tree: validateTree(parseTreeText(fs.readFileSync(file, 'utf8'), name)), file: name });
    } catch (err) {
      if (!(err instanceof TreeError)) throw err;
      problems.push(...err.problems.map((p) => ({ ...p, path: `${name}: ${p.path}` })));
    }
  }
  if (problems.length > 0) throw new TreeError(problems);
  const results: ImportedTree[] = [];
  for (const [i, { tree, file }] of trees.entries()) {
    const saved = await saveTree(db, tree, { source: file, by: meta.by });
    meta.onProgress?.(
      `trees ${i + 1}/${trees.length}: ${tree.id} ${saved.created ? `version ${saved.version}` : `unchanged (version ${saved.version})`}`,
    );
    results.push(saved);
  }
  return results;
}

export interface TreeSummary {
  id: string;
  version: number;
  titleEn: string;
  titleZh: string;
  models: string[];
  products: string[];
  codes: string[];
  keywords: string[];
  importedAt: Date;
  importedBy: string | null;
}

const SUMMARY = `id, version, title_en AS "titleEn", title_zh AS "titleZh", models, products, codes, keywords,
  imported_at AS "importedAt", imported_by AS "importedBy"`;

/** The latest version of every tree. */
export async function listTrees(db: Pool): Promise<TreeSummary[]> {
  const { rows } = await db.query<TreeSummary>(
    `SELECT DISTINCT ON (id) ${SUMMARY} FROM troubleshooting_trees ORDER BY id, version DESC`,
  );
  return rows;
}

export async function treeVersions(db: Pool, id: string): Promise<TreeSummary[]> {
  const { rows } = await db.query<TreeSummary>(
    `SELECT ${SUMMARY} FROM troubleshooting_trees WHERE id = $1 ORDER BY version`,
    [id],
  );
  return rows;
}

/** A tree's document at a version (the latest when none is named). */
export async function readTree(db: Pool, id: string, version?: number): Promise<TroubleshootingTree | null> {
  const { rows } = await db.query<{ document: TroubleshootingTree }>(
    `SELECT document FROM troubleshooting_trees WHERE id = $1 AND ($2::int IS NULL OR version = $2)
      ORDER BY version DESC LIMIT 1`,
    [id, version ?? null],
  );
  return rows[0]?.document ?? null;
}

/** "E3", "e 3", "error E3", "代码E3": the error codes a message names. */
export function errorCodesIn(text: string): string[] {
  return [...text.matchAll(/(?<![A-Za-z0-9])([A-Za-z]{1,2})\s?(\d{1,3})(?![0-9])/g)].map((m) =>
    `${m[1]}${m[2]}`.toUpperCase(),
  );
}

/**
 * The latest tree for a symptom on a model or product category: an error code it names counts most, then its
 * keywords; a tree for the exact model beats one for the category, which beats one for any device.
 */
export async function findTree(
  db: Pool,
  query: { symptom: string; model?: string | null; product?: string | null },
): Promise<TroubleshootingTree | null> {
  const latest = await db.query<{ document: TroubleshootingTree }>(
    `SELECT DISTINCT ON (id) document FROM troubleshooting_trees ORDER BY id, version DESC`,
  );
  const text = query.symptom.toLowerCase();
  const codes = new Set(errorCodesIn(query.symptom));
  const model = query.model?.toLowerCase() ?? null;
  const product = query.product?.toLowerCase() ?? null;
  let best: { tree: TroubleshootingTree; score: number } | null = null;
  for (const { document: tree } of latest.rows) {
    const forModel = tree.models.some((m) => m.toLowerCase() === model);
    const forProduct = tree.products.some((p) => p.toLowerCase() === product);
    const anyDevice = tree.models.length === 0 && tree.products.length === 0;
    // Nothing known of the device yet: any tree for the symptom will do (the device is asked for next).
    const unknownDevice = model === null && product === null;
    if (!forModel && !forProduct && !anyDevice && !unknownDevice) continue;
    const codeHit = tree.codes.some((c) => codes.has(c));
    const words = tree.keywords.filter((k) => text.includes(k)).length;
    if (!codeHit && words === 0) continue;
    // A code the customer named that this tree does not know: another fault, even if a keyword matches.
    if (codes.size > 0 && tree.codes.length > 0 && !codeHit) continue;
    const score = (codeHit ? 10 : 0) + words + (forModel ? 3 : forProduct ? 2 : 0);
    if (!best || score > best.score) best = { tree, score };
  }
  return best?.tree ?? null;
}
