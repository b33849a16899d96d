// The executable GraphQL schema: every SDL file in schemas/graphql, and the resolvers of each capability's module.
import fs from 'node:fs';
import path from 'node:path';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { Request, Response } from 'express';
import { createSchema, type YogaInitialContext } from 'graphql-yoga';
import type { Viewer } from './auth';
import { notificationResolvers } from './notifications';
import { humanResolvers } from './humans';
import { knowledgeResolvers } from './knowledge';
import { returnResolvers } from './returns';
import { manufacturingResolvers } from './manufacturing';
import { presalesResolvers } from './presales';
import { caseResolvers, type ApiDeps } from './cases';

export interface ApiContext {
  viewer: Viewer;
  deps: ApiDeps;
  /** The caller's address, for the identity gate's rate limits. */
  client: string | null;
}

/** What express hands every request. */
export interface ServerContext {
  req: Request;
  res: Response;
}

const SDL_DIR = path.resolve(__dirname, '../schemas/graphql');

/** schema.graphql first, then each capability's file that extends it. */
export const typeDefs = [
  'schema.graphql',
  ...fs
    .readdirSync(SDL_DIR)
    .filter((f) => f.endsWith('.graphql') && f !== 'schema.graphql')
    .sort(),
].map((file) => fs.readFileSync(path.join(SDL_DIR, file), 'utf8'));

/** Resolvers of one capability: type name → field name → resolver. */
export type ResolverModule = Record<string, Record<string, unknown>>;

/**
 * Each capability keeps its resolvers beside its logic (api/<area>.ts) and is listed here once; their Query,
 * Mutation and type fields are merged, and a field defined twice is a start-up error rather than a silent override.
 */
const MODULES: ResolverModule[] = [
  scalarResolvers(),
  caseResolvers,
  notificationResolvers,
  humanResolvers,
  knowledgeResolvers,
  returnResolvers,
  manufacturingResolvers,
  presalesResolvers,
];

export function mergeResolvers(modules: ResolverModule[]): ResolverModule {
  const merged: ResolverModule = {};
  for (const module of modules) {
    for (const [type, fields] of Object.entries(module)) {
      const target = (merged[type] ??= {});
      for (const [field, resolver] of Object.entries(fields)) {
        if (Object.hasOwn(target, field))
          throw new Error(`GraphQL resolver ${type}.${field} is defined twice`);
        target[field] = resolver;
      }
    }
  }
  return merged;
}

function scalarResolvers(): ResolverModule {
  return {
    DateTime: DateTimeResolver as unknown as Record<string, unknown>,
    JSON: JSONResolver as unknown as Record<string, unknown>,
    PageInfo: {
      hasPreviousPage: (p: { hasPreviousPage?: boolean }) => p.hasPreviousPage ?? false,
      startCursor: (p: { startCursor?: string | null }) => p.startCursor ?? null,
    },
  };
}

export function createKefuSchema() {
  return createSchema<ServerContext & YogaInitialContext & ApiContext>({
    typeDefs,
    resolvers: mergeResolvers(MODULES) as Parameters<typeof createSchema>[0]['resolvers'],
  });
}
