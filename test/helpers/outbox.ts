// The development outbox as staff read it: the one-time code a customer was sent.
import type { KefuStack } from './stack';

/** The latest one-time code sent for the case, read from the outbox through GraphQL with a staff key. */
export async function latestCode(kefu: KefuStack, caseId: string, staffKey: string): Promise<string> {
  const outbox = await kefu.gql<{ notifications: { edges: { node: { body: string } }[] } }>(
    'query($id: ID!) { notifications(caseId: $id) { edges { node { body } } } }',
    { id: caseId },
    staffKey,
  );
  const body = outbox.data!.notifications.edges.map((e) => e.node.body).find((b) => /\b\d{6}\b/.test(b));
  const code = /\b(\d{6})\b/.exec(body ?? '')?.[1];
  if (!code) throw new Error(`no one-time code in the outbox of case ${caseId}`);
  return code;
}
