// The executable GraphQL schema: SDL from schemas/graphql, resolvers that hand each field to api/cases.ts.
import fs from 'node:fs';
import path from 'node:path';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { Request, Response } from 'express';
import { createSchema, type YogaInitialContext } from 'graphql-yoga';
import type { Viewer } from './auth';
import {
  closeCase,
  getCase,
  listCases,
  sendMessage,
  startCase,
  type ApiDeps,
  type CaseFilterArgs,
  type StartCaseArgs,
} from './cases';

export interface ApiContext {
  viewer: Viewer;
  deps: ApiDeps;
}

/** What express hands every request. */
export interface ServerContext {
  req: Request;
  res: Response;
}

export const typeDefs = fs.readFileSync(path.resolve(__dirname, '../schemas/graphql/schema.graphql'), 'utf8');

export function createKefuSchema() {
  return createSchema<ServerContext & YogaInitialContext & ApiContext>({
    typeDefs,
    resolvers: {
      DateTime: DateTimeResolver,
      JSON: JSONResolver,
      Query: {
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
          { deps, viewer }: ApiContext,
        ) => sendMessage(deps, viewer, args),
        closeCase: (
          _: unknown,
          args: { caseId: string; reason?: string | null },
          { deps, viewer }: ApiContext,
        ) => closeCase(deps, viewer, args),
      },
    },
  });
}
