// A return or exchange (id = RMA id), started by a case and outliving it: waits for the parcel, reminds, expires, refunds once.
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { KefuActivities } from '../../activities';
import type { MoneyRequest } from '../../activities/returns/payments';
import type { OrderSnapshot, ReturnPlan } from '../../activities/returns/types';
import { getReturnQuery, returnProgressSignal, returnReceivedSignal } from '../messages';
import type { ReturnProgress, ReturnStatus, ReturnStep } from './progress';

export interface ReturnWorkflowInput {
  plan: ReturnPlan;
  /** The order's payments when the customer said yes: a refund to the original method goes back to these. */
  order: Pick<OrderSnapshot, 'payments'>;
  reminderMs: number;
  expiryMs: number;
}

/** Money and store writes: retried with backoff for as long as it takes (a declined payment fails at once). */
const store = proxyActivities<KefuActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1 minute', nonRetryableErrorTypes: ['PaymentDeclined'] },
});

const DECLINED = 'PaymentDeclined';

/** The money a return moves, each with its business key; the keys are kept in the workflow's state. */
export function moneyToMove(input: ReturnWorkflowInput): MoneyRequest[] {
  const { plan } = input;
  const base = { orderId: plan.orderId, customerId: plan.customerId, currency: plan.currency };
  if (plan.kind === 'exchange') {
    const ex = plan.exchange;
    if (!ex || ex.differenceCents === 0 || !ex.payWith) return [];
    const method =
      ex.payWith === 'store_credit' ? null : input.order.payments.find((p) => p.methodId === ex.payWith);
    return [
      {
        ...base,
        key: `${plan.rmaId}:${ex.differenceCents > 0 ? 'charge' : 'refund'}:difference`,
        kind: ex.differenceCents > 0 ? 'charge' : 'refund',
        methodId: ex.payWith,
        methodKind: method?.kind ?? ex.payWithKind ?? 'store_credit',
        amountCents: Math.abs(ex.differenceCents),
        reference: method?.reference ?? null,
      },
    ];
  }
  if (plan.refundTo === 'store_credit') {
    return [
      {
        ...base,
        key: `${plan.rmaId}:refund:store_credit`,
        kind: 'refund',
        methodId: 'store_credit',
        methodKind: 'store_credit',
        amountCents: plan.amountCents,
        reference: null,
      },
    ];
  }
  // Back to the order's payments, the first payment first, never more than each one paid.
  let left = plan.amountCents;
  const out: MoneyRequest[] = [];
  for (const payment of input.order.payments) {
    const amount = Math.min(left, payment.paidCents);
    if (amount <= 0) break;
    out.push({
      ...base,
      key: `${plan.rmaId}:refund:${payment.methodId}`,
      kind: 'refund',
      methodId: payment.methodId,
      methodKind: payment.kind,
      amountCents: amount,
      reference: payment.reference,
    });
    left -= amount;
  }
  return out;
}

export async function returnWorkflow(input: ReturnWorkflowInput): Promise<ReturnStatus> {
  const { plan } = input;
  const status: ReturnStatus = {
    rmaId: plan.rmaId,
    step: 'awaiting_parcel',
    receivedBy: null,
    moneyKeys: [],
  };
  setHandler(getReturnQuery, () => status);
  setHandler(returnReceivedSignal, ({ by }) => {
    status.receivedBy ??= by;
  });
  const zh = plan.locale === 'zh-CN';

  const report = async (step: ReturnStep, extra: Omit<ReturnProgress, 'rmaId' | 'step'> = {}) => {
    status.step = step;
    try {
      await getExternalWorkflowHandle(plan.caseId).signal(returnProgressSignal, {
        rmaId: plan.rmaId,
        step,
        ...extra,
      });
    } catch (err) {
      // The chat may be long closed: the customer still hears through the outbox.
      log.info('case did not take the return report', { rmaId: plan.rmaId, step, error: String(err) });
    }
  };
  const notify = (key: string, subject: string, body: string) =>
    store.notifyReturnCustomer({ rmaId: plan.rmaId, key, subject, body });

  await report('awaiting_parcel');
  let arrived = await condition(() => status.receivedBy !== null, input.reminderMs);
  if (!arrived) {
    await notify(
      'reminder',
      zh
        ? `提醒：退货单 ${plan.rmaId} 尚未寄出`
        : `Reminder: return ${plan.rmaId} is waiting for your parcel`,
      zh
        ? `我们还没有收到退货单 ${plan.rmaId} 的包裹，请尽快贴上退货面单寄回，否则退货申请将过期。`
        : `We have not received the parcel for return ${plan.rmaId} yet. Please send it with the label, or the return will expire.`,
    );
    await report('reminder_sent');
    arrived = await condition(() => status.receivedBy !== null, input.expiryMs);
  }
  if (!arrived) {
    await store.markReturn({ rmaId: plan.rmaId, status: 'expired' });
    await notify(
      'expired',
      zh ? `退货单 ${plan.rmaId} 已过期` : `Return ${plan.rmaId} has expired`,
      zh
        ? `退货单 ${plan.rmaId} 未在期限内收到包裹，已过期。`
        : `No parcel arrived for return ${plan.rmaId}, so it has expired.`,
    );
    await report('expired');
    return status;
  }

  await store.markReturn({ rmaId: plan.rmaId, status: 'received' });
  await report('received');

  const requests = moneyToMove(input);
  let moved = 0;
  let withFinance = false;
  try {
    for (const request of requests) {
      // The key is fixed before the call and kept in state: a retry, a crash or a replay sends the same one.
      if (!status.moneyKeys.includes(request.key)) status.moneyKeys.push(request.key);
      const result = await store.moveMoney(request);
      // Recorded for finance to pay by hand: the customer is told it is on its way, not that it is back.
      if (result.status === 'for_finance') withFinance = true;
      moved += request.kind === 'refund' ? request.amountCents : -request.amountCents;
    }
  } catch (err) {
    const cause = err instanceof ActivityFailure ? err.cause : err;
    if (!(cause instanceof ApplicationFailure) || cause.type !== DECLINED) throw err;
    await store.markReturn({ rmaId: plan.rmaId, status: 'failed' });
    await report('refund_failed', {
      error: cause.message,
      currency: plan.currency,
      amountCents: plan.amountCents,
    });
    return status;
  }

  const method =
    plan.kind === 'exchange'
      ? plan.exchange?.payWith === 'store_credit'
        ? 'store_credit'
        : (requests[0]?.methodKind ?? '')
      : plan.refundTo === 'store_credit'
        ? 'store_credit'
        : (requests[0]?.methodKind ?? '');
  if (plan.kind === 'exchange') {
    await store.shipExchange({ rmaId: plan.rmaId });
    await store.markReturn({ rmaId: plan.rmaId, status: 'exchanged' });
    await notify(
      'done',
      zh ? `换货单 ${plan.rmaId} 已发出` : `Your exchange ${plan.rmaId} is on its way`,
      zh
        ? `我们已收到您退回的商品，新商品已安排发货。`
        : `We received your return and your replacement is on its way.`,
    );
    await report('exchanged', { amountCents: moved, currency: plan.currency, method });
  } else {
    await store.markReturn({ rmaId: plan.rmaId, status: 'refunded' });
    await notify(
      'done',
      zh ? `退货单 ${plan.rmaId} 已退款` : `Return ${plan.rmaId} refunded`,
      refundedBody(`${(moved / 100).toFixed(2)} ${plan.currency}`, withFinance, zh),
    );
    await report('refunded', { amountCents: moved, currency: plan.currency, method, withFinance });
  }
  return status;
}

/** The email on receipt: a refund left to finance is promised, not said to be made. */
function refundedBody(amount: string, withFinance: boolean, zh: boolean): string {
  if (zh)
    return withFinance
      ? `我们已收到您退回的商品，退款 ${amount} 已提交财务，将在几个工作日内到账。`
      : `我们已收到您退回的商品，退款 ${amount} 已发起。`;
  return withFinance
    ? `We received your return; our finance team will refund ${amount} within a few business days.`
    : `We received your return and refunded ${amount}.`;
}
