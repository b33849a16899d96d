// Every flow the agent can run. Adding a flow: write its folder under flows/ and list it here; the router needs nothing else.
import type { Intent } from '../types';
import type { FlowDefinition, Memory } from './flow';
import { orderStatusFlow } from './order-status/flow';
import { cancelOrderFlow } from './returns/cancel';
import { csatFlow } from './returns/csat';
import { returnsFlow } from './returns/flow';
import { troubleshootingFlow } from './troubleshooting/flow';
import { reminderFlow } from './maintenance/flow';
import { productQuestionFlow, recommendationFlow } from './recommendation/flow';
import { orderChangeFlow } from './order-change/flow';

export const FLOWS: readonly FlowDefinition<Memory>[] = [
  orderStatusFlow as unknown as FlowDefinition<Memory>,
  returnsFlow as unknown as FlowDefinition<Memory>,
  csatFlow as unknown as FlowDefinition<Memory>,
  cancelOrderFlow as unknown as FlowDefinition<Memory>,
  troubleshootingFlow as unknown as FlowDefinition<Memory>,
  reminderFlow as unknown as FlowDefinition<Memory>,
  recommendationFlow as unknown as FlowDefinition<Memory>,
  productQuestionFlow as unknown as FlowDefinition<Memory>,
  orderChangeFlow as unknown as FlowDefinition<Memory>,
];

export type FlowName = string;

export function flowNamed(name: string): FlowDefinition<Memory> | undefined {
  return FLOWS.find((flow) => flow.name === name);
}

export function flowStartedBy(intent: Intent): FlowDefinition<Memory> | undefined {
  return FLOWS.find((flow) => flow.startsOn.includes(intent));
}
