// The executable GraphQL schema: SDL from schemas/graphql, resolvers that hand each field to api/cases.ts.
import fs from 'node:fs';
import path from 'node:path';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { Request, Response } from 'express';
import { createSchema, type YogaInitialContext } from 'graphql-yoga';
import type { Viewer } from './auth';
import type { CaseView } from '../workflows/state';
import { notificationResolvers } from './notifications';
import {
  closeCase,
  eventPage,
  getCase,
  listCases,
  messagePage,
  type MessagePageArgs,
  sendMessage,
  startCase,
  type ApiDeps,
  type CaseFilterArgs,
  type StartCaseArgs,
} from './cases';

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

export function createKefuSchema() {
  return createSchema<ServerContext & YogaInitialContext & ApiContext>({
    typeDefs,
    resolvers: {
      DateTime: DateTimeResolver,
      JSON: JSONResolver,
      PageInfo: {
        hasPreviousPage: (p: { hasPreviousPage?: boolean }) => p.hasPreviousPage ?? false,
        startCursor: (p: { startCursor?: string | null }) => p.startCursor ?? null,
      },
      Case: {
        messages: (view: CaseView, args: MessagePageArgs, { deps }: ApiContext) =>
          messagePage(deps, view, args),
        events: (
          view: CaseView,
          args: { first?: number | null; after?: string | null },
          { deps, viewer }: ApiContext,
        ) => eventPage(deps, viewer, view, args),
      },
      Query: {
        ...notificationResolvers.Query,
        case: (_: unknown, args: { id: string }, { deps, viewer }: ApiContext) =>
          getCase(deps, viewer, args.id),
        cases: (
          _: unknown,
          args: { filter?: CaseFilterArgs | null; first?: number | null; after?: string | null },
          { deps, viewer }: ApiContext,
        ) => listCases(deps, viewer, args),
        viewer: (_: unknown, __: unknown, { viewer }: ApiContext) => ({
          kind: viewer.kind,
          role: viewer.kind === 'staff' ? viewer.role : null,
          name: viewer.kind === 'staff' ? viewer.name : null,
          caseId: viewer.kind === 'customer' ? viewer.caseId : null,
        }),
      },
      Mutation: {
        startCase: (_: unknown, args: { input: StartCaseArgs }, { deps, viewer }: ApiContext) =>
          startCase(deps, viewer, args.input),
        sendMessage: (
          _: unknown,
          args: { caseId: string; text: string; clientMessageId?: string | null },
          { deps, viewer, client }: ApiContext,
        ) => sendMessage(deps, viewer, args, client),
        closeCase: (
          _: unknown,
          args: { caseId: string; reason?: string | null },
          { deps, viewer }: ApiContext,
        ) => closeCase(deps, viewer, args),
      },
    },
  });
}
