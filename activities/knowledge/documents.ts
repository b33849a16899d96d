// Knowledge articles from files (Markdown with optional front matter, plain text, HTML) and their chunks for retrieval.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Locale } from '../../workflows/types';

export interface ArticleInput {
  /** Stable id: front matter `id`, else the file's path below the imported folder, without extension. */
  id: string;
  title: string;
  /** Markdown. */
  body: string;
  locale: Locale;
  tags: string[];
  products: string[];
  status: 'draft' | 'published';
  source?: string;
}

export interface Chunk {
  seq: number;
  heading: string | null;
  text: string;
}

export const ARTICLE_EXTENSIONS = ['.md', '.markdown', '.txt', '.html', '.htm'] as const;

const HAN_RUN = /\p{Script=Han}/gu;

/** Chinese when Han characters make up a good part of the letters; English otherwise. */
export function detectLocale(text: string): Locale {
  const han = text.match(HAN_RUN)?.length ?? 0;
  const latin = text.match(/[A-Za-z]+/g)?.length ?? 0;
  return han > latin ? 'zh-CN' : 'en';
}

export class ArticleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'ArticleError';
  }
}

const ID_PATTERN = /^[a-z0-9][a-z0-9._/-]{0,199}$/;

/** Checks an article from any source (a file, GraphQL) and fills what may be left out. */
export function validateArticle(input: {
  id?: string | null;
  title?: string | null;
  body?: string | null;
  locale?: string | null;
  tags?: readonly string[] | null;
  products?: readonly string[] | null;
  status?: string | null;
  source?: string | null;
}): ArticleInput {
  const body = (input.body ?? '').replace(/\r\n?/g, '\n').trim();
  if (!body) throw new ArticleError('body', 'must not be empty');
  const title = (input.title ?? '').trim() || firstHeading(body);
  if (!title) throw new ArticleError('title', 'must not be empty (or start the body with a "# " heading)');
  const id = (input.id ?? '').trim().toLowerCase();
  if (!ID_PATTERN.test(id))
    throw new ArticleError('id', 'must be 1-200 characters of a-z, 0-9, ".", "_", "-" and "/"');
  const locale = input.locale ?? detectLocale(`${title}\n${body}`);
  if (locale !== 'en' && locale !== 'zh-CN') throw new ArticleError('locale', 'must be en or zh-CN');
  const status = input.status ?? 'published';
  if (status !== 'draft' && status !== 'published')
    throw new ArticleError('status', 'must be draft or published');
  const list = (values: readonly string[] | null | undefined) =>
    [...new Set((values ?? []).map((v) => String(v).trim()).filter(Boolean))].sort();
  return {
    id,
    title,
    body,
    locale,
    tags: list(input.tags),
    products: list(input.products),
    status,
    ...(input.source ? { source: input.source } : {}),
  };
}

function firstHeading(markdown: string): string {
  return /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim() ?? '';
}

/** Reads one file's text into an article; `relativePath` (below the imported folder) names it when no id is given. */
export function parseArticleFile(relativePath: string, content: string): ArticleInput {
  const ext = path.extname(relativePath).toLowerCase();
  const defaultId = relativePath
    .replace(/\\/g, '/')
    .slice(0, relativePath.length - ext.length)
    .toLowerCase()
    .replace(/[^a-z0-9._/-]+/g, '-');
  let text = content.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  let meta: Record<string, unknown> = {};
  const front = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (front && (ext === '.md' || ext === '.markdown' || ext === '.txt')) {
    const parsed: unknown = YAML.parse(front[1] ?? '');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      meta = parsed as Record<string, unknown>;
    text = text.slice(front[0].length);
  }
  let title = typeof meta.title === 'string' ? meta.title : undefined;
  if (ext === '.html' || ext === '.htm') {
    title ??= /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1]?.trim();
    text = htmlToMarkdown(text);
  }
  const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
  const fallbackTitle = path.basename(relativePath, ext).replace(/[-_]+/g, ' ');
  return validateArticle({
    id: typeof meta.id === 'string' ? meta.id : defaultId,
    title: title ?? (firstHeading(text) || fallbackTitle),
    body: text,
    locale: typeof meta.locale === 'string' ? meta.locale : undefined,
    tags: strings(meta.tags),
    products: strings(meta.products),
    status: typeof meta.status === 'string' ? meta.status : undefined,
    source: relativePath,
  });
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** Headings, paragraphs and list items of an HTML page as Markdown; scripts, styles and other tags dropped. */
export function htmlToMarkdown(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  return body
    .replace(/<(script|style|head|nav|footer)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/gi, (_, level: string, inner: string) => {
      return `\n\n${'#'.repeat(Number(level))} ${inner.replace(/<[^>]+>/g, '').trim()}\n\n`;
    })
    .replace(/<li[^>]*>/gi, '\n- ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|ul|ol|table|tr|section|article)>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name] ?? '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Everything that defines an article, so importing the same content again is recognised and skipped. */
export function contentHash(article: ArticleInput): string {
  const { id, title, body, locale, tags, products, status } = article;
  return createHash('sha256')
    .update(JSON.stringify({ id, title, body, locale, tags, products, status }))
    .digest('hex');
}

/** Characters per chunk: about a paragraph or two, so a passage answers one thing. Chinese packs more per character. */
const MAX_CHUNK_CHARS: Record<Locale, number> = { en: 700, 'zh-CN': 320 };

/**
 * Sections by heading (the heading path stays with each chunk, so "E3" under "Error codes" keeps its context),
 * then paragraphs packed up to the size limit; a paragraph longer than the limit is split at sentence ends.
 */
export function chunkArticle(article: Pick<ArticleInput, 'title' | 'body' | 'locale'>): Chunk[] {
  const max = MAX_CHUNK_CHARS[article.locale];
  const chunks: Chunk[] = [];
  const headings: string[] = [];
  let paragraphs: string[] = [];
  const flush = () => {
    const heading = headings.filter(Boolean).join(' > ') || null;
    let current = '';
    const push = () => {
      if (current.trim()) chunks.push({ seq: chunks.length, heading, text: current.trim() });
      current = '';
    };
    for (const paragraph of paragraphs.flatMap((p) => splitLong(p, max))) {
      if (current && current.length + paragraph.length + 2 > max) push();
      current = current ? `${current}\n\n${paragraph}` : paragraph;
    }
    push();
    paragraphs = [];
  };
  for (const block of article.body.split(/\n\s*\n/)) {
    const lines = block.split('\n');
    let rest: string[] = [];
    for (const line of lines) {
      const heading = /^(#{1,6})\s+(.+?)\s*#*$/.exec(line);
      if (!heading) {
        rest.push(line);
        continue;
      }
      if (rest.join('').trim()) paragraphs.push(rest.join('\n').trim());
      rest = [];
      flush();
      const level = heading[1]!.length;
      // The article title is the first heading of most files; it is already the chunk's title.
      if (level === 1 && heading[2]!.trim() === article.title) continue;
      headings.length = Math.max(0, level - 1);
      headings[level - 1] = heading[2]!.trim();
    }
    if (rest.join('').trim()) paragraphs.push(rest.join('\n').trim());
  }
  flush();
  return chunks;
}

function splitLong(paragraph: string, max: number): string[] {
  if (paragraph.length <= max) return [paragraph];
  const sentences = paragraph.split(/(?<=[.!?。！？；;])\s*/);
  const parts: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    if (current && current.length + sentence.length + 1 > max) {
      parts.push(current);
      current = '';
    }
    current = current ? `${current} ${sentence}` : sentence;
  }
  if (current) parts.push(current);
  return parts.flatMap((p) =>
    p.length <= max * 1.5 ? [p] : (p.match(new RegExp(`[\\s\\S]{1,${max}}`, 'g')) ?? []),
  );
}

/** Markdown decoration removed, for answers read in a chat bubble. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/^\s*[-*]\s+/gm, '- ')
    .trim();
}

/** Every article file at a path (a file, or a folder read recursively), in a stable order; others are skipped. */
export function readArticleFiles(target: string): { path: string; article: ArticleInput }[] {
  const stat = fs.statSync(target);
  const root = stat.isDirectory() ? target : path.dirname(target);
  const files = stat.isDirectory()
    ? fs
        .readdirSync(target, { recursive: true, encoding: 'utf8' })
        .map((f) => path.join(target, f))
        .filter((f) => fs.statSync(f).isFile())
        .sort()
    : [target];
  return files
    .filter((f) => (ARTICLE_EXTENSIONS as readonly string[]).includes(path.extname(f).toLowerCase()))
    .filter((f) => path.basename(f).toLowerCase() !== 'readme.md')
    .map((f) => {
      const relative = path.relative(root, f);
      try {
        return { path: f, article: parseArticleFile(relative, fs.readFileSync(f, 'utf8')) };
      } catch (err) {
        throw new Error(`${relative}: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
}
