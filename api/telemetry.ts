// GraphQL operations as spans (the parent of the Temporal Update a resolver sends) and as Prometheus timings.
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { Kind, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ApiMetrics } from '../activities/platform/telemetry';

/** The first root field names the operation in metrics: few values, unlike client-chosen operation names. */
function rootField(document: DocumentNode, operationName?: string | null): { kind: string; field: string } {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation =
    (operationName ? operations.find((o) => o.name?.value === operationName) : undefined) ?? operations[0];
  const first = operation?.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  return {
    kind: operation?.operation ?? 'unknown',
    field: first?.kind === Kind.FIELD ? first.name.value : 'unknown',
  };
}

export function graphqlTelemetry(metrics?: ApiMetrics): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const { kind, field } = rootField(args.document, args.operationName);
      const started = performance.now();
      const span = trace.getTracer('kefu').startSpan(`graphql.${kind} ${field}`, {
        attributes: { 'graphql.operation.type': kind, 'graphql.operation.name': field },
      });
      const active = trace.setSpan(context.active(), span);
      // Resolvers run inside the span, so the Temporal client interceptor finds it as the parent.
      setExecuteFn((executeArgs) => context.with(active, () => executeFn(executeArgs)));
      return {
        onExecuteDone({ result }) {
          const failed =
            !!result && typeof result === 'object' && 'errors' in result && (result.errors?.length ?? 0) > 0;
          if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
          const seconds = (performance.now() - started) / 1000;
          const outcome = failed ? 'error' : 'ok';
          metrics?.requestSeconds.observe({ operation: field, outcome }, seconds);
          if (field === 'sendMessage') metrics?.turnSeconds.observe({ outcome }, seconds);
        },
      };
    },
  };
}
