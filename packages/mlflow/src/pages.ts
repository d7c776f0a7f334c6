/** One page of a paginated MLflow answer: its items and the token of the next page, if any. */
export interface Page<W> {
  items: W[] | undefined;
  nextPageToken: string | undefined;
}

/**
 * Follows page tokens until MLflow returns none (a token may lead to an empty page), mapping the items and
 * stopping early at `limit`.
 */
export async function collectPages<W, T>(
  fetchPage: (pageToken: string | undefined, remaining: number) => Promise<Page<W>>,
  map: (item: W) => T,
  limit = Number.POSITIVE_INFINITY,
): Promise<T[]> {
  const results: T[] = [];
  let pageToken: string | undefined;
  do {
    const page = await fetchPage(pageToken, limit - results.length);
    results.push(...(page.items ?? []).map(map));
    pageToken = page.nextPageToken;
  } while (pageToken && results.length < limit);
  return results.slice(0, limit);
}
