// Refunds and charges, each exactly once: a row per business key (made by the workflow) before any provider call.
import { ApplicationFailure } from '@temporalio/common';
import type { Pool, PoolClient } from 'pg';
import Stripe from 'stripe';
import { inTransaction } from '../platform/db';
import type { MoneyResult, PaymentKind } from './types';

export interface PaymentSettings {
  /** Cards go through Stripe when a secret key is set; otherwise (and for PayPal) the ledger records them for finance. */
  stripeSecretKey?: string;
  /** e.g. http://127.0.0.1:12111 for stripe-mock; Stripe's own API when absent. */
  stripeApiBase?: string;
}

/** Why a refund or charge failed for good: the case escalates with it. Network errors are retried instead. */
export const PAYMENT_DECLINED = 'PaymentDeclined';

export interface MoneyRequest {
  /** The business key made in the workflow, e.g. "RMA-1A2B3C4D:refund:1". */
  key: string;
  kind: 'refund' | 'charge';
  orderId: string;
  customerId: string;
  /** A payment method id, or 'store_credit' for the customer's store credit in this currency. */
  methodId: string;
  methodKind: PaymentKind;
  amountCents: number;
  currency: string;
  /** The payment a card refund goes back to (a Stripe payment intent). */
  reference: string | null;
}

function stripeClient(settings: PaymentSettings): Stripe | null {
  if (!settings.stripeSecretKey) return null;
  const base = settings.stripeApiBase ? new URL(settings.stripeApiBase) : null;
  return new Stripe(settings.stripeSecretKey, {
    // Temporal retries the activity; the SDK retrying inside it would hide how many requests were made.
    maxNetworkRetries: 0,
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
          protocol: base.protocol.replace(':', '') as 'http' | 'https',
        }
      : {}),
  });
}

async function storeCreditAccount(client: PoolClient, customerId: string, currency: string): Promise<string> {
  const id = `SC-${customerId}-${currency}`;
  await client.query(
    `INSERT INTO payment_methods (id, customer_id, kind, currency) VALUES ($1, $2, 'store_credit', $3)
     ON CONFLICT DO NOTHING`,
    [id, customerId, currency],
  );
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM payment_methods WHERE customer_id = $1 AND kind = 'store_credit' AND currency = $2`,
    [customerId, currency],
  );
  return rows[0]?.id ?? id;
}

const declined = (message: string) => ApplicationFailure.nonRetryable(message, PAYMENT_DECLINED);

export function createPaymentActivities(db: Pool, settings: PaymentSettings) {
  const stripe = stripeClient(settings);

  const providerFor = (kind: PaymentKind): MoneyResult['provider'] => {
    if (kind === 'gift_card' || kind === 'store_credit') return 'credit';
    if (kind === 'card' && stripe) return 'stripe';
    return 'ledger';
  };

  return {
    /**
     * Moves money once per key. The row is written first; a retry finds it and never calls the provider for a key
     * that already succeeded. Gift cards and store credit change only with a ledger entry under the same key.
     */
    async moveMoney(request: MoneyRequest): Promise<MoneyResult> {
      const provider = providerFor(request.methodKind);
      const result = (status: MoneyResult['status']): MoneyResult => ({
        key: request.key,
        status,
        provider,
        amountCents: request.amountCents,
        label: request.methodKind,
      });
      if (!Number.isInteger(request.amountCents) || request.amountCents <= 0)
        throw ApplicationFailure.nonRetryable(`amount must be positive cents (got ${request.amountCents})`);

      if (provider === 'credit') {
        return inTransaction(db, async (client) => {
          const methodId =
            request.methodId === 'store_credit'
              ? await storeCreditAccount(client, request.customerId, request.currency)
              : request.methodId;
          await client.query(
            `INSERT INTO money_movements (business_key, kind, provider, order_id, method_id, amount_cents, currency, status)
             VALUES ($1, $2, 'credit', $3, $4, $5, $6, 'pending') ON CONFLICT (business_key) DO NOTHING`,
            [request.key, request.kind, request.orderId, methodId, request.amountCents, request.currency],
          );
          const { rows } = await client.query<{ status: string }>(
            'SELECT status FROM money_movements WHERE business_key = $1 FOR UPDATE',
            [request.key],
          );
          if (rows[0]?.status === 'succeeded') return result('succeeded');
          if (request.kind === 'charge') {
            // The balance is read under a lock on the account, so two charges cannot both spend the same credit.
            await client.query('SELECT 1 FROM payment_methods WHERE id = $1 FOR UPDATE', [methodId]);
            const balance = await client.query<{ cents: string | null }>(
              'SELECT sum(amount_cents)::text AS cents FROM credit_ledger WHERE method_id = $1',
              [methodId],
            );
            if (Number(balance.rows[0]?.cents ?? 0) < request.amountCents) {
              await client.query(
                `UPDATE money_movements SET status = 'declined', error = 'insufficient balance', updated_at = now() WHERE business_key = $1`,
                [request.key],
              );
              throw declined(
                `the ${request.methodKind.replace('_', ' ')} does not cover ${request.amountCents} cents`,
              );
            }
          }
          await client.query(
            `INSERT INTO credit_ledger (method_id, amount_cents, currency, business_key, reason)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (business_key) DO NOTHING`,
            [
              methodId,
              request.kind === 'refund' ? request.amountCents : -request.amountCents,
              request.currency,
              request.key,
              `${request.kind} for order ${request.orderId}`,
            ],
          );
          await client.query(
            `UPDATE money_movements SET status = 'succeeded', updated_at = now() WHERE business_key = $1`,
            [request.key],
          );
          return result('succeeded');
        });
      }

      await db.query(
        `INSERT INTO money_movements (business_key, kind, provider, order_id, method_id, amount_cents, currency, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending') ON CONFLICT (business_key) DO NOTHING`,
        [
          request.key,
          request.kind,
          provider,
          request.orderId,
          request.methodId.startsWith('order:') ? null : request.methodId,
          request.amountCents,
          request.currency,
        ],
      );
      const { rows } = await db.query<{ status: string; error: string | null }>(
        'SELECT status, error FROM money_movements WHERE business_key = $1',
        [request.key],
      );
      const row = rows[0];
      if (row?.status === 'succeeded' || row?.status === 'for_finance') return result(row.status);
      if (row?.status === 'declined') throw declined(row.error ?? 'declined');

      if (provider === 'ledger') {
        // No card processor here (or PayPal): finance executes it from the ledger.
        await db.query(
          `UPDATE money_movements SET status = 'for_finance', updated_at = now() WHERE business_key = $1`,
          [request.key],
        );
        return result('for_finance');
      }

      try {
        const options = { idempotencyKey: request.key };
        const made =
          request.kind === 'refund'
            ? await stripe!.refunds.create(
                {
                  amount: request.amountCents,
                  ...(request.reference?.startsWith('pi_') ? { payment_intent: request.reference } : {}),
                  metadata: { business_key: request.key, order_id: request.orderId },
                },
                options,
              )
            : await stripe!.paymentIntents.create(
                {
                  amount: request.amountCents,
                  currency: request.currency.toLowerCase(),
                  payment_method: 'pm_card_visa',
                  confirm: true,
                  metadata: { business_key: request.key, order_id: request.orderId },
                },
                options,
              );
        await db.query(
          `UPDATE money_movements SET status = 'succeeded', provider_ref = $2, updated_at = now() WHERE business_key = $1`,
          [request.key, made.id],
        );
        return result('succeeded');
      } catch (err) {
        if (
          err instanceof Stripe.errors.StripeCardError ||
          err instanceof Stripe.errors.StripeInvalidRequestError
        ) {
          await db.query(
            `UPDATE money_movements SET status = 'declined', error = $2, updated_at = now() WHERE business_key = $1`,
            [request.key, err.message.slice(0, 500)],
          );
          throw declined(`${request.kind} declined by Stripe: ${err.message}`);
        }
        throw err;
      }
    },
  };
}
