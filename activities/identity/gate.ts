// The identity gate's server side: contact, knowledge and one-time-code checks, every value counted, no oracle.
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { normalizeEmail, normalizePhone } from '../commerce/contact';
import { inTransaction } from '../platform/db';
import { queueNotification } from '../notifications/outbox';
import type {
  AttemptSource,
  CodeCheckRequest,
  ContactCheckRequest,
  IdentityOutcome,
  IdentityPolicy,
  KnowledgeCheckRequest,
  SendCodeRequest,
  SendCodeResult,
  VerificationLevel,
  VerifiedCustomer,
} from './types';

/**
 * Numbers an answer may hold besides the postcode before it is refused unread: otherwise one message listing
 * every plausible amount would be a single attempt that always finds the order total.
 */
const MAX_AMOUNTS_PER_ANSWER = 3;
/** Orders whose amounts count as a knowledge factor: recent enough that the real customer remembers one. */
const RECENT_ORDERS = 3;
/** Names shorter than this would be found inside almost any text. */
const MIN_NAME_CHARS = 2;
const CODE_DIGITS = 6;

interface CustomerRow {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  postcode: string | null;
  locale: 'en' | 'zh-CN';
}

/** Failed attempts held against each subject of one check. */
interface FailureCounts {
  case: number;
  order: number;
  customer: number;
  client: number;
}

/** Who an attempt is counted against: this case, the client address, the order asked about, the customer behind it. */
interface Subjects {
  case: string;
  client: string | null;
  order: string | null;
  customer: string | null;
}

interface TriedValue {
  hash: string;
  succeeded: boolean;
}

const CUSTOMER_COLUMNS = 'c.id, c.name, c.email, c.phone, c.postcode, c.locale';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function subjectsFor(req: AttemptSource, orderId: string | null, customerId: string | null): Subjects {
  const client = req.client?.trim().toLowerCase();
  return {
    case: `case:${req.caseId}`,
    client: client ? `client:${client}` : null,
    order: orderId ? `order:${orderId}` : null,
    customer: customerId ? `customer:${customerId}` : null,
  };
}

function subjectList(s: Subjects): string[] {
  return [s.case, s.client, s.order, s.customer].filter((x): x is string => x !== null);
}

/** Attempt keys are scoped by case, so a key replayed in another case cannot make guesses there free. */
function scopedKey(req: AttemptSource): string {
  return `${req.caseId}:${req.attemptKey}`;
}

function normaliseOrderId(orderId: string | undefined | null): string | null {
  const id = orderId?.trim().toUpperCase();
  return id ? id : null;
}

/** Lower-case with runs of white space as one space: how names are looked for in a message. */
function foldText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A postcode appears when its characters stand on their own, spaces or hyphens inside allowed ("SW1A 1AA"). */
function postcodeAppears(postcode: string | null, text: string): boolean {
  const compact = postcode?.replace(/[\s-]/g, '');
  if (!compact) return false;
  const body = [...compact].map(escapeRegExp).join('[\\s-]?');
  return new RegExp(`(?<![A-Za-z0-9])${body}(?![A-Za-z0-9])`, 'i').test(text.normalize('NFKC'));
}

/** Latin names must stand as words ("Al" is not in "Alice"); Chinese names have no spaces to stand between. */
function nameAppears(name: string, foldedText: string): boolean {
  const folded = foldText(name);
  if ([...folded].length < MIN_NAME_CHARS) return false;
  const edge = (ch: string | undefined) => ch !== undefined && /[a-z0-9]/.test(ch);
  let from = 0;
  for (;;) {
    const at = foldedText.indexOf(folded, from);
    if (at < 0) return false;
    const before = foldedText[at - 1];
    const after = foldedText[at + folded.length];
    const latinStart = edge(folded[0]);
    const latinEnd = edge(folded[folded.length - 1]);
    if (!(latinStart && edge(before)) && !(latinEnd && edge(after))) return true;
    from = at + 1;
  }
}

/** Amounts written in the text: "129", "129.00", "1,299.50", "¥299", "金额299"; not digits inside "W1234567". */
function amountsIn(text: string): number[] {
  const tokens = text.normalize('NFKC').match(/(?<![A-Za-z0-9])\d[\d,]*(?:\.\d+)?(?![A-Za-z0-9])/g) ?? [];
  return [...new Set(tokens.map((t) => Number(t.replace(/,/g, ''))).filter((n) => Number.isFinite(n)))];
}

const cents = (amount: number) => Math.round(amount * 100);

function toVerified(row: CustomerRow): VerifiedCustomer {
  return {
    id: row.id,
    name: row.name,
    ...(row.email ? { email: row.email } : {}),
    ...(row.phone ? { phone: row.phone } : {}),
    locale: row.locale,
  };
}

function codeMessage(locale: 'en' | 'zh-CN', code: string, ttlMs: number): { subject: string; body: string } {
  const minutes = Math.max(1, Math.ceil(ttlMs / 60_000));
  if (locale === 'zh-CN')
    return {
      subject: '您的验证码',
      body: `您的验证码是 ${code}，${minutes} 分钟内有效。请勿告诉他人；如非本人操作，请忽略本消息。`,
    };
  return {
    subject: 'Your verification code',
    body:
      `Your verification code is ${code}. It expires in ${minutes} minute${minutes === 1 ? '' : 's'}. ` +
      'Never share it with anyone; if you did not ask for it, ignore this message.',
  };
}

/** Everything a customer offered in one answer, normalised, so the same answer given again counts once. */
function whatWasTried(
  orderId: string | null | undefined,
  req: { emails: string[]; phones: string[]; text: string },
  region: string,
): string {
  return [
    orderId ?? '',
    ...req.emails.map(normalizeEmail).sort(),
    ...req.phones.map((p) => normalizePhone(p, region) ?? p.replace(/\D/g, '')).sort(),
    foldText(req.text),
  ].join('|');
}

export function createIdentityActivities(db: Pool, policy: IdentityPolicy) {
  const region = policy.phoneDefaultRegion;

  /** Failures held against each subject; the case budget is for all time, the others for the lock window. */
  async function failures(subjects: Subjects, excludeKey: string | null): Promise<FailureCounts> {
    const window = "at > now() - $5::double precision * interval '1 millisecond'";
    const { rows } = await db.query<{
      case_n: number;
      order_n: number;
      customer_n: number;
      client_n: number;
    }>(
      `SELECT count(*) FILTER (WHERE $1 = ANY(subjects))::int AS case_n,
              count(*) FILTER (WHERE $2 = ANY(subjects) AND ${window})::int AS order_n,
              count(*) FILTER (WHERE $3 = ANY(subjects) AND ${window})::int AS customer_n,
              count(*) FILTER (WHERE $4 = ANY(subjects) AND ${window})::int AS client_n
         FROM identity_attempts
        WHERE NOT succeeded AND subjects && $6::text[] AND ($7::text IS NULL OR attempt_key <> $7)`,
      [
        subjects.case,
        subjects.order,
        subjects.customer,
        subjects.client,
        policy.lockWindowMs,
        subjectList(subjects),
        excludeKey,
      ],
    );
    const row = rows[0];
    return {
      case: row?.case_n ?? 0,
      order: row?.order_n ?? 0,
      customer: row?.customer_n ?? 0,
      client: row?.client_n ?? 0,
    };
  }

  function isLocked(req: AttemptSource, s: Subjects, f: FailureCounts): boolean {
    return (
      f.case >= req.maxAttemptsPerCase ||
      (s.order !== null && f.order >= policy.maxFailuresPerSubject) ||
      (s.customer !== null && f.customer >= policy.maxFailuresPerSubject) ||
      (s.client !== null && f.client >= policy.maxFailuresPerClient)
    );
  }

  /**
   * The smallest budget left among case, order and client. The customer's is left out on purpose: it exists
   * only when the order does, so showing it would tell a real order from an invented one.
   */
  function attemptsLeft(req: AttemptSource, s: Subjects, f: FailureCounts): number {
    const left = [req.maxAttemptsPerCase - f.case];
    if (s.order !== null) left.push(policy.maxFailuresPerSubject - f.order);
    if (s.client !== null) left.push(policy.maxFailuresPerClient - f.client);
    return Math.max(0, Math.min(...left));
  }

  /** Records each value once per attempt key: a retried activity writes nothing new. */
  async function record(
    q: Pool | PoolClient,
    req: AttemptSource,
    s: Subjects,
    values: TriedValue[],
  ): Promise<number> {
    if (values.length === 0) return 0;
    const result = await q.query(
      `INSERT INTO identity_attempts (case_id, attempt_key, value_hash, subjects, succeeded)
       SELECT $1, $2, v.hash, $3, v.ok FROM unnest($4::text[], $5::boolean[]) AS v(hash, ok)
       ON CONFLICT (attempt_key, value_hash) DO NOTHING`,
      [req.caseId, scopedKey(req), subjectList(s), values.map((v) => v.hash), values.map((v) => v.succeeded)],
    );
    return result.rowCount ?? 0;
  }

  /** After recording: a match verifies only if this attempt's own failures did not lock it (shotgun messages). */
  async function settle(
    req: AttemptSource,
    s: Subjects,
    level: VerificationLevel,
    verified: CustomerRow | null,
  ): Promise<IdentityOutcome> {
    const after = await failures(s, null);
    if (isLocked(req, s, after)) return { outcome: 'locked' };
    if (verified) return { outcome: 'verified', level, customer: toVerified(verified) };
    const left = attemptsLeft(req, s, after);
    return left <= 0 ? { outcome: 'locked' } : { outcome: 'mismatch', attemptsLeft: left };
  }

  async function orderOwner(orderId: string | null): Promise<CustomerRow | null> {
    if (!orderId) return null;
    const { rows } = await db.query<CustomerRow>(
      `SELECT ${CUSTOMER_COLUMNS} FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = $1`,
      [orderId],
    );
    return rows[0] ?? null;
  }

  async function customersByContact(emails: string[], phones: string[]): Promise<CustomerRow[]> {
    const e = [...new Set(emails.map(normalizeEmail).filter(Boolean))];
    const p = [
      ...new Set(phones.map((x) => normalizePhone(x, region)).filter((x): x is string => x !== null)),
    ];
    if (e.length === 0 && p.length === 0) return [];
    const { rows } = await db.query<CustomerRow>(
      `SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.email = ANY($1) OR c.phone = ANY($2)`,
      [e, p],
    );
    return rows;
  }

  /** Customers whose full name is in the text; only those with a postcode, since a name alone never suffices. */
  async function customersNamedIn(text: string): Promise<CustomerRow[]> {
    const folded = foldText(text);
    if (!folded) return [];
    const { rows } = await db.query<CustomerRow>(
      `SELECT ${CUSTOMER_COLUMNS} FROM customers c
        WHERE c.postcode IS NOT NULL AND char_length(c.name) >= $2
          AND strpos($1, regexp_replace(lower(c.name), '\\s+', ' ', 'g')) > 0
        ORDER BY c.id LIMIT 50`,
      [folded, MIN_NAME_CHARS],
    );
    return rows.filter((r) => nameAppears(r.name, folded));
  }

  const distinct = (rows: (CustomerRow | null)[]) => [
    ...new Map(rows.filter((r): r is CustomerRow => r !== null).map((r) => [r.id, r])).values(),
  ];

  async function loadCustomer(id: string): Promise<CustomerRow | null> {
    const { rows } = await db.query<CustomerRow>(
      `SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  return {
    /**
     * Contact level: an email or phone the customer gave equals the one on file for the order's customer.
     * Every value is one attempt; an unknown order answers and counts exactly like a wrong contact.
     */
    async checkContact(req: ContactCheckRequest): Promise<IdentityOutcome> {
      const orderId = normaliseOrderId(req.orderId) ?? '';
      const owner = await orderOwner(orderId);
      const s = subjectsFor(req, orderId, owner?.id ?? null);
      const before = await failures(s, scopedKey(req));
      if (isLocked(req, s, before)) return { outcome: 'locked' };

      const ownerPhone = owner?.phone ? normalizePhone(owner.phone, region) : null;
      const ownerEmail = owner?.email ? normalizeEmail(owner.email) : null;
      const tried = new Map<string, boolean>();
      for (const raw of req.emails) {
        const email = normalizeEmail(raw);
        if (email) tried.set(`email:${email}`, email === ownerEmail);
      }
      for (const raw of req.phones) {
        const phone = normalizePhone(raw, region);
        // An unreadable number is still a guess: counted under its digits, and never a match.
        const key = phone ? `phone:${phone}` : `phone?:${raw.replace(/\D/g, '')}`;
        tried.set(key, phone !== null && phone === ownerPhone);
      }
      if (tried.size === 0) {
        const left = attemptsLeft(req, s, before);
        return left <= 0 ? { outcome: 'locked' } : { outcome: 'mismatch', attemptsLeft: left };
      }
      // The order is part of what was tried: the same phone against another order is another guess.
      await record(
        db,
        req,
        s,
        [...tried].map(([value, ok]) => ({ hash: sha256(`contact:${orderId}:${value}`), succeeded: ok })),
      );
      const matched = [...tried.values()].some(Boolean);
      return settle(req, s, 'contact', matched ? owner : null);
    },

    /**
     * Code level, step 1: finds the customer by order id, email, phone, or name + postcode in the text, and
     * queues a one-time code to the contact on file. The answer is the same whether anyone matched or not.
     */
    async sendCode(req: SendCodeRequest): Promise<SendCodeResult> {
      const existing = await db.query<{ id: string }>(
        'SELECT id FROM verification_codes WHERE case_id = $1 AND attempt_key = $2',
        [req.caseId, req.attemptKey],
      );
      if (existing.rows[0]) return { challengeId: existing.rows[0].id };

      const orderId = normaliseOrderId(req.orderId);
      const anonymous = subjectsFor(req, orderId, null);
      let customer: CustomerRow | null = null;
      let lookupFailed = false;
      if (!isLocked(req, anonymous, await failures(anonymous, scopedKey(req)))) {
        const named = (await customersNamedIn(req.text)).filter((c) => postcodeAppears(c.postcode, req.text));
        const found = distinct([
          await orderOwner(orderId),
          ...(await customersByContact(req.emails, req.phones)),
          ...named,
        ]);
        // Identifiers pointing at two different people identify nobody.
        const only = found.length === 1 ? (found[0] as CustomerRow) : null;
        if (only) {
          const s = subjectsFor(req, orderId, only.id);
          const reachable = only.email !== null || only.phone !== null;
          if (reachable && !isLocked(req, s, await failures(s, scopedKey(req)))) customer = only;
        } else {
          lookupFailed = true;
        }
      }
      if (lookupFailed) {
        const tried = whatWasTried(orderId, req, region);
        await record(db, req, anonymous, [{ hash: sha256(`lookup:${tried}`), succeeded: false }]);
      }

      const challengeId = randomUUID();
      const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
      return inTransaction(db, async (client) => {
        // The code is stored and queued in one transaction: a code that was stored but never sent could not be recovered.
        const inserted = await client.query<{ id: string }>(
          `INSERT INTO verification_codes (id, case_id, attempt_key, customer_id, code_hash, expires_at)
           VALUES ($1, $2, $3, $4, $5, now() + $6::double precision * interval '1 millisecond')
           ON CONFLICT (case_id, attempt_key) DO NOTHING RETURNING id`,
          [
            challengeId,
            req.caseId,
            req.attemptKey,
            customer?.id ?? null,
            sha256(`${challengeId}:${code}`),
            policy.codeTtlMs,
          ],
        );
        if (!inserted.rows[0]) {
          const raced = await client.query<{ id: string }>(
            'SELECT id FROM verification_codes WHERE case_id = $1 AND attempt_key = $2',
            [req.caseId, req.attemptKey],
          );
          return { challengeId: raced.rows[0]?.id ?? challengeId };
        }
        if (customer) {
          const message = codeMessage(customer.locale, code, policy.codeTtlMs);
          await queueNotification(client, {
            key: `verify:${req.caseId}:${req.attemptKey}`,
            channel: customer.email ? 'email' : 'sms',
            recipient: (customer.email ?? customer.phone) as string,
            subject: message.subject,
            body: message.body,
            caseId: req.caseId,
          });
        }
        return { challengeId };
      });
    },

    /** Code level, step 2: a wrong, expired or used code, or a challenge nobody matched, is a counted mismatch. */
    async checkCode(req: CodeCheckRequest): Promise<IdentityOutcome> {
      const { rows } = await db.query<{
        case_id: string;
        customer_id: string | null;
        code_hash: string;
        live: boolean;
        used: boolean;
        attempts: number;
      }>(
        `SELECT case_id, customer_id, code_hash, expires_at > now() AS live, used_at IS NOT NULL AS used, attempts
           FROM verification_codes WHERE id = $1`,
        [req.challengeId],
      );
      // A challenge of another case is treated like one nobody matched.
      const challenge = rows[0]?.case_id === req.caseId ? rows[0] : undefined;
      const customerId = challenge?.customer_id ?? null;
      const s = subjectsFor(req, null, customerId);
      const code = req.code.replace(/\s/g, '');
      const hash = sha256(`code:${req.challengeId}:${code}`);

      const previous = await db.query<{ succeeded: boolean }>(
        'SELECT succeeded FROM identity_attempts WHERE attempt_key = $1 AND value_hash = $2',
        [scopedKey(req), hash],
      );
      // A retried call whose first run used the code must answer as that run did, though the code is now used.
      if (previous.rows[0]?.succeeded && customerId) {
        const customer = await loadCustomer(customerId);
        if (customer) return { outcome: 'verified', level: 'code', customer: toVerified(customer) };
      }
      if (isLocked(req, s, await failures(s, scopedKey(req)))) return { outcome: 'locked' };

      const expected = Buffer.from(challenge?.code_hash ?? '', 'hex');
      const given = Buffer.from(sha256(`${req.challengeId}:${code}`), 'hex');
      const valid =
        challenge !== undefined &&
        customerId !== null &&
        challenge.live &&
        !challenge.used &&
        challenge.attempts < policy.maxFailuresPerSubject &&
        expected.length === given.length &&
        timingSafeEqual(expected, given);

      const verified = await inTransaction(db, async (client) => {
        let ok = valid;
        if (ok) {
          // Used once: of two concurrent checks with the right code, one wins.
          const used = await client.query(
            'UPDATE verification_codes SET used_at = now() WHERE id = $1 AND used_at IS NULL',
            [req.challengeId],
          );
          ok = used.rowCount === 1;
        }
        const counted = await record(client, req, s, [{ hash, succeeded: ok }]);
        if (!ok && counted > 0 && challenge)
          await client.query('UPDATE verification_codes SET attempts = attempts + 1 WHERE id = $1', [
            req.challengeId,
          ]);
        return ok;
      });
      return settle(req, s, 'code', verified && customerId ? await loadCustomer(customerId) : null);
    },

    /**
     * Knowledge level, two factors: the identified customer's postcode and the amount of one of their three most
     * recent orders both appear in the text. One answer is one attempt.
     */
    async checkKnowledge(req: KnowledgeCheckRequest): Promise<IdentityOutcome> {
      const orderId = normaliseOrderId(req.orderId);
      const byIdentifier = distinct([
        await orderOwner(orderId),
        ...(await customersByContact(req.emails, req.phones)),
      ]);
      // Order id, email and phone say who; only without them is the name looked for, and then the postcode decides.
      let candidates = byIdentifier.length > 0 ? byIdentifier : await customersNamedIn(req.text);
      if (candidates.length > 1) candidates = candidates.filter((c) => postcodeAppears(c.postcode, req.text));
      const customer = candidates.length === 1 ? (candidates[0] as CustomerRow) : null;
      const s = subjectsFor(req, orderId, customer?.id ?? null);
      if (isLocked(req, s, await failures(s, scopedKey(req)))) return { outcome: 'locked' };

      let matched = false;
      if (customer?.postcode && postcodeAppears(customer.postcode, req.text)) {
        // Contact details the customer typed are not amounts; neither is the postcode.
        let rest = req.text.normalize('NFKC');
        for (const given of [...req.emails, ...req.phones])
          rest = rest.split(given.normalize('NFKC')).join(' ');
        const postcodeValue = Number(customer.postcode.replace(/[\s-]/g, ''));
        const amounts = amountsIn(rest).filter((n) => n !== postcodeValue);
        if (amounts.length > 0 && amounts.length <= MAX_AMOUNTS_PER_ANSWER) {
          const { rows } = await db.query<{ total: string }>(
            'SELECT total::text AS total FROM orders WHERE customer_id = $1 ORDER BY placed_at DESC LIMIT $2',
            [customer.id, RECENT_ORDERS],
          );
          const totals = new Set(rows.map((r) => cents(Number(r.total))));
          matched = amounts.some((n) => totals.has(cents(n)));
        }
      }
      const tried = whatWasTried(orderId, req, region);
      await record(db, req, s, [{ hash: sha256(`knowledge:${tried}`), succeeded: matched }]);
      return settle(req, s, 'knowledge', matched ? customer : null);
    },
  };
}

export type IdentityActivities = ReturnType<typeof createIdentityActivities>;
