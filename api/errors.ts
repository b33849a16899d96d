// GraphQL errors with the codes frontends rely on; anything else is masked so no stack trace leaves the server.
import { GraphQLError } from 'graphql';

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  /** The request lost a race, e.g. another agent took the case a moment earlier. */
  | 'CONFLICT'
  | 'INTERNAL_SERVER_ERROR';

export function apiError(
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

/** Bad input, naming the field (e.g. "text" or "input.customer.email") so a form can point at it. */
export function badInput(field: string, message: string): GraphQLError {
  return apiError('BAD_USER_INPUT', `${field}: ${message}`, { field });
}

export const unauthenticated = (message = 'a valid case token or API key is required') =>
  apiError('UNAUTHENTICATED', message);
export const forbidden = (message: string) => apiError('FORBIDDEN', message);
export const notFound = (message: string) => apiError('NOT_FOUND', message);
