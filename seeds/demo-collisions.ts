import type { EntityManager } from 'typeorm';
import type { DemoData } from './demo-rows';

/**
 * Demo data goes into databases that already have rows of their own: the
 * admin created at start, people who registered before someone turned the
 * demo on. Where a demo row would take a unique name that is already taken,
 * the demo row gives way — it gets a suffixed email, handle or slug — and an
 * existing category with a demo slug is used as that category. Nothing that
 * was there before is changed.
 */
export interface PlacedDemoData {
  data: DemoData;
  /** One line per name that had to change, for the operator. */
  notes: string[];
}

export async function placeAmongExistingRows(manager: EntityManager, data: DemoData): Promise<PlacedDemoData> {
  const notes: string[] = [];

  const emails = await freeNames(
    manager,
    `SELECT lower(email) AS name FROM users WHERE lower(email) = ANY($1::text[])`,
    data.users.map((u) => u.email),
    (email, n) => email.replace('@', n === 1 ? '+demo@' : `+demo${n}@`),
  );
  const handles = await freeNames(
    manager,
    `SELECT lower(handle) AS name FROM profiles WHERE lower(handle) = ANY($1::text[])`,
    data.profiles.map((p) => p.handle),
    (handle, n) => (n === 1 ? `${handle}-demo` : `${handle}-demo${n}`),
  );
  const slugs = await freeNames(
    manager,
    `SELECT slug AS name FROM courses WHERE slug = ANY($1::text[])`,
    data.courses.map((c) => c.slug),
    (slug, n) => (n === 1 ? `${slug}-demo` : `${slug}-demo${n}`),
  );
  for (const [label, renamed] of [
    ['email', emails],
    ['handle', handles],
    ['course slug', slugs],
  ] as const) {
    for (const [from, to] of renamed) notes.push(`demo ${label} ${from} is taken; using ${to}`);
  }

  const existing: Array<{ id: string; slug: string }> = await manager.query(`SELECT id, slug FROM categories WHERE slug = ANY($1::text[])`, [
    data.categories.map((c) => c.slug),
  ]);
  const categoryIds = new Map<string, string>();
  for (const { id, slug } of existing) {
    const demo = data.categories.find((c) => c.slug === slug)!;
    if (demo.id !== id) categoryIds.set(demo.id, id);
  }
  if (existing.length > 0) notes.push(`categories already present, used as they are: ${existing.map((c) => c.slug).join(', ')}`);
  const presentSlugs = new Set(existing.map((c) => c.slug));

  return {
    notes,
    data: {
      ...data,
      users: data.users.map((u) => ({ ...u, email: emails.get(u.email) ?? u.email })),
      profiles: data.profiles.map((p) => ({ ...p, handle: handles.get(p.handle) ?? p.handle })),
      categories: data.categories.filter((c) => !presentSlugs.has(c.slug)),
      courses: data.courses.map((c) => ({ ...c, slug: slugs.get(c.slug) ?? c.slug })),
      courseCategories: data.courseCategories.map((cc) => ({ ...cc, categoryId: categoryIds.get(cc.categoryId) ?? cc.categoryId })),
    },
  };
}

/**
 * For every wanted name already in the database (per `takenSql`, which
 * compares lowercased where the unique index does), a replacement that is
 * free both there and among the wanted names. Returns only the renamed ones.
 */
async function freeNames(
  manager: EntityManager,
  takenSql: string,
  wanted: readonly string[],
  rename: (name: string, attempt: number) => string,
): Promise<Map<string, string>> {
  const key = (name: string) => name.toLowerCase();
  const renamed = new Map<string, string>();
  const claimed = new Set(wanted.map(key));
  let pending = await taken(manager, takenSql, wanted);
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > 20) throw new Error(`could not find free names for ${pending.join(', ')}`);
    const candidates = new Map(pending.map((original) => [original, rename(original, attempt)]));
    const stillTaken = new Set((await taken(manager, takenSql, [...candidates.values()])).map(key));
    pending = pending.filter((original) => {
      const candidate = candidates.get(original)!;
      if (stillTaken.has(key(candidate)) || claimed.has(key(candidate))) return true;
      claimed.add(key(candidate));
      renamed.set(original, candidate);
      return false;
    });
  }
  return renamed;
}

async function taken(manager: EntityManager, sql: string, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const rows: Array<{ name: string }> = await manager.query(sql, [names.map((n) => n.toLowerCase())]);
  const found = new Set(rows.map((r) => r.name.toLowerCase()));
  return names.filter((n) => found.has(n.toLowerCase()));
}
