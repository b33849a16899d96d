// Assembles all entities of a message, blanking identifiers first so their digits are not read as dates or sizes.
import type { Entities } from '../../../workflows/types';
import type { CatalogVocabulary } from '../types';
import { extractColours, extractSizes } from './attributes';
import { type DateContext, extractDateRange } from './dates';
import { extractIdentifiers, maskSpans } from './identifiers';
import { extractProducts } from './products';
import { extractQuantities } from './quantities';

/** `text` must already be NFKC-normalised (see normalizeText). */
export function extractEntities(text: string, catalog: CatalogVocabulary, dates: DateContext): Entities {
  const ids = extractIdentifiers(text);
  const rest = maskSpans(text, ids.spans);
  const entities: Entities = {
    orderIds: ids.orderIds,
    emails: ids.emails,
    phones: ids.phones,
    colours: extractColours(rest, catalog),
    sizes: extractSizes(rest),
    products: extractProducts(rest, catalog),
    quantities: extractQuantities(rest),
    serialNumbers: ids.serialNumbers,
  };
  const dateRange = extractDateRange(rest, dates);
  if (dateRange) entities.dateRange = dateRange;
  return entities;
}
