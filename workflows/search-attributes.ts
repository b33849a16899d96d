// Kefu's custom search attributes, so cases can be listed from Temporal visibility as well as PostgreSQL.
import { defineSearchAttributeKey } from '@temporalio/common';

export const caseStatusKey = defineSearchAttributeKey('KefuStatus', 'KEYWORD');
export const caseIntentKey = defineSearchAttributeKey('KefuIntent', 'KEYWORD');
export const caseChannelKey = defineSearchAttributeKey('KefuChannel', 'KEYWORD');
export const caseCustomerIdKey = defineSearchAttributeKey('KefuCustomerId', 'KEYWORD');

/** Name and type of every attribute, for registering them with a Temporal server. */
export const KEFU_SEARCH_ATTRIBUTES: { name: string; type: 'Keyword' }[] = [
  caseStatusKey,
  caseIntentKey,
  caseChannelKey,
  caseCustomerIdKey,
].map((key) => ({ name: key.name, type: 'Keyword' }));
