// Pre-sales through GraphQL: product views from the shop front, and a case's recommendations and order changes.
import {
  caseOrderChanges,
  caseRecommendations,
  recordProductView,
  type ProductViewInput,
} from '../activities/presales/views';
import type { CaseView } from '../workflows/state';
import { assertCanReadCase, assertStaff } from './auth';
import { badInput } from './errors';
import type { ApiContext, ResolverModule } from './schema';

/** The shop front's backend sends views with an agent key, as it starts signed-in cases. */
async function productView(ctx: ApiContext, input: ProductViewInput) {
  assertStaff(ctx.viewer, ['agent', 'admin']);
  if (!input.id.trim()) throw badInput('input.id', 'must not be blank');
  if (input.viewedAt && Number.isNaN(Date.parse(String(input.viewedAt))))
    throw badInput('input.viewedAt', 'must be a date-time');
  const stored = await recordProductView(ctx.deps.db, {
    ...input,
    viewedAt: input.viewedAt ? new Date(input.viewedAt).toISOString() : null,
  });
  if ('missing' in stored)
    throw badInput(
      `input.${stored.missing}`,
      stored.missing === 'sku' ? `no product ${input.sku}` : `no customer ${input.customerId}`,
    );
  return stored;
}

export const presalesResolvers: ResolverModule = {
  Mutation: {
    recordProductView: (_: unknown, args: { input: ProductViewInput }, ctx: ApiContext) =>
      productView(ctx, args.input),
  },
  Case: {
    recommendations: (view: CaseView, _args: unknown, ctx: ApiContext) => {
      assertCanReadCase(ctx.viewer, view.id);
      return caseRecommendations(ctx.deps.db, view.id);
    },
    orderChanges: (view: CaseView, _args: unknown, ctx: ApiContext) => {
      assertCanReadCase(ctx.viewer, view.id);
      return caseOrderChanges(ctx.deps.db, view.id);
    },
  },
};
