/** Orders DataLoader results to match its keys (DataLoader requires one result per key, in order). */
export function oneByKey<T, K>(rows: T[], keys: readonly K[], key: (row: T) => K): Array<T | null> {
  const map = new Map(rows.map((row) => [key(row), row]));
  return keys.map((k) => map.get(k) ?? null);
}

export function manyByKey<T, K>(rows: T[], keys: readonly K[], key: (row: T) => K): T[][] {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return keys.map((k) => groups.get(k) ?? []);
}
