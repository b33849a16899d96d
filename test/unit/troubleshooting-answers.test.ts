// Troubleshooting trees and answers without a server: the demo trees validate, problems name their step, answers read right.
import fs from 'node:fs';
import path from 'node:path';
import { parseTreeText, TreeError, validateTree } from '../../activities/manufacturing/trees';
import { isLeaf, type TreeStep } from '../../activities/manufacturing/tree-types';
import { readAnswer } from '../../workflows/flows/troubleshooting/answers';

const TREES = path.resolve(__dirname, '../../data/manufacturing/trees');
const e3 = validateTree(parseTreeText(fs.readFileSync(path.join(TREES, 'dishwasher-e3.yaml'), 'utf8')));
const step = (id: string) => e3.steps.find((s) => s.id === id && !isLeaf(s)) as TreeStep;

test('every demo tree validates', () => {
  for (const file of fs.readdirSync(TREES)) {
    const tree = validateTree(parseTreeText(fs.readFileSync(path.join(TREES, file), 'utf8')));
    expect(tree.steps.length).toBeGreaterThan(2);
  }
});

test('a broken tree lists every problem with its step', () => {
  const broken = {
    id: 'Bad Id',
    title: { en: 'x' },
    codes: ['E9'],
    steps: [
      { id: 'one', say: { en: 'Do it.', zh: '做。' }, answers: [{ when: 'maybe', next: 'two' }] },
      { id: 'one', outcome: 'resolved' },
      { id: 'lost', say: { en: 'x', zh: 'y' }, answers: [{ when: 'done', next: 'resolved' }] },
    ],
  };
  let problems: string[] = [];
  try {
    validateTree(broken);
  } catch (err) {
    problems = (err as TreeError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  expect(problems).toEqual([
    'id: must be lower-case letters, digits, - or _ (e.g. dishwasher-e3)',
    'title.zh: the Chinese text is missing',
    'steps[0] (one).answers[0].when: must be one of fixed, still, done, yes, no, or en/zh word lists',
    'steps[1] (one).id: duplicate step id, already used by steps[0]',
    'steps[0] (one).answers[0].next: no step named "two" (or use resolved / technician)',
  ]);
});

test.each([
  ['done', 'power-cycle', 'power-check'],
  ['做完了', 'power-cycle', 'power-check'],
  ['done, but it still shows E3', 'power-cycle', 'own-socket'],
  ['还是显示E3', 'power-check', 'own-socket'],
  ['it works now', 'power-check', 'fixed-leaf'],
  ['好了，不显示了', 'power-check', 'fixed-leaf'],
  ['洗好了', 'clean-filter', 'intensive'],
  ['yes', 'own-socket', 'clean-filter'],
  ['不是，插在插线板上', 'own-socket', 'replug'],
])('"%s" at %s leads to %s', (text, at, next) => {
  expect(readAnswer(text, 'unknown', step(at), e3)).toMatchObject({ kind: 'answer', next });
});

test.each([
  ["what's the filter?", 'question'],
  ['过滤网在哪里？', 'question'],
  ['repeat please', 'repeat'],
  ['there is smoke coming out', 'safety'],
  ['地上全是水', 'safety'],
  ['塑料好像融化了', 'safety'],
  ['banana', 'unclear'],
])('"%s" is a %s', (text, kind) => {
  expect(readAnswer(text, 'unknown', step('clean-filter'), e3).kind).toBe(kind);
});
