// Rate limiting: a bucket refills over its window, and every aliased or fragment-spread call is counted.
import { parse } from 'graphql';
import { countLimitedFields, RateLimiter } from '../../api/rate-limit';

test('a caller gets the limit at once, then one call per refill interval', () => {
  let now = 0;
  const limiter = new RateLimiter({ limit: 3, windowMs: 60_000 }, () => now);
  for (let i = 0; i < 3; i++) {
    expect(limiter.waitFor('a')).toBe(0);
    limiter.take('a');
  }
  expect(limiter.waitFor('a')).toBe(20_000);
  expect(limiter.waitFor('b')).toBe(0);
  now = 20_000;
  expect(limiter.waitFor('a')).toBe(0);
  limiter.take('a');
  expect(limiter.waitFor('a')).toBeGreaterThan(0);
});

test('more calls in one request than the limit can ever allow wait forever', () => {
  const limiter = new RateLimiter({ limit: 2, windowMs: 1000 });
  expect(limiter.waitFor('a', 3)).toBe(Number.POSITIVE_INFINITY);
});

test('aliases, fragments and inline fragments each count; queries and other mutations do not', () => {
  const document = parse(`
    mutation Burst {
      a: sendMessage(caseId: "1", text: "x") { replies { text } }
      b: sendMessage(caseId: "1", text: "y") { replies { text } }
      ... on Mutation { c: sendMessage(caseId: "1", text: "z") { replies { text } } }
      ...More
      closeCase(caseId: "1") { id }
    }
    fragment More on Mutation { startCase(input: { channel: WEB }) { token } }
    query Other { viewer { kind } }
  `);
  expect(countLimitedFields(document, 'Burst')).toEqual({ startCase: 1, sendMessage: 3 });
  expect(countLimitedFields(document, 'Other')).toEqual({ startCase: 0, sendMessage: 0 });
});
