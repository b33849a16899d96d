// The shape of a troubleshooting tree as support engineers write it and as a case carries it (plain data, no behaviour).

/** A text a customer reads, in both languages. */
export interface TreeText {
  en: string;
  zh: string;
}

/** Answers every tree can expect without listing words: "fixed", "still E3", "done", "yes", "no". */
export const ANSWER_KINDS = ['fixed', 'still', 'done', 'yes', 'no'] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

/** Where a tree may end: the fault is gone, or a technician must come. */
export const TREE_OUTCOMES = ['resolved', 'technician'] as const;
export type TreeOutcome = (typeof TREE_OUTCOMES)[number];

export interface TreeAnswer {
  /** A built-in kind, or the customer's own words in either language ("弯折", "kinked"). */
  when: AnswerKind | { en: string[]; zh: string[] };
  /** The next step's id, or an outcome. */
  next: string;
}

/** One instruction given in one message, with the answers it expects. */
export interface TreeStep {
  id: string;
  say: TreeText;
  /** Shown before the instruction, e.g. "unplug it first". */
  warning?: TreeText;
  answers: TreeAnswer[];
}

/** A leaf: what the agent says when the tree ends here. */
export interface TreeLeaf {
  id: string;
  outcome: TreeOutcome;
  say?: TreeText;
}

export type TreeNode = TreeStep | TreeLeaf;

export interface TroubleshootingTree {
  id: string;
  /** Assigned on import: every change to a tree is a new version; cases pin the one they started with. */
  version: number;
  title: TreeText;
  /** Models (e.g. "AquaClean D6") and product categories (e.g. "dishwashers") it applies to; empty: any. */
  models: string[];
  products: string[];
  /** Error codes (E3) and words ("paper jam", "卡纸") that pick this tree for a symptom. */
  codes: string[];
  keywords: string[];
  /** Words that stop the tree at once and call a human, on top of the ones every tree has (burning, water on the floor). */
  safety: { en: string[]; zh: string[] };
  start: string;
  steps: TreeNode[];
}

export function isLeaf(node: TreeNode): node is TreeLeaf {
  return 'outcome' in node;
}
