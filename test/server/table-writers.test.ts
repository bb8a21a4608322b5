import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * One writer per table: orders and memberships change only in commerce,
 * enrollments only in learning. Other domains reach them through the owner's
 * functions (checkout, partner sales, grants) or events (OrderPaid,
 * RefundSettled). This scans every SQL write and repository write in src/.
 */
const OWNERS: Record<string, { folder: string; entity: string }> = {
  orders: { folder: 'src/commerce/', entity: 'OrderEntity' },
  order_lines: { folder: 'src/commerce/', entity: 'OrderLineEntity' },
  memberships: { folder: 'src/commerce/', entity: 'MembershipEntity' },
  enrollments: { folder: 'src/learning/', entity: 'EnrollmentEntity' },
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('table writers', () => {
  it('writes orders, memberships and enrollments only from the domain that owns them', () => {
    const root = join(__dirname, '..', '..');
    const strangers: string[] = [];
    let writes = 0;
    for (const path of sources(join(root, 'src'))) {
      const file = relative(root, path);
      const text = readFileSync(path, 'utf8');
      for (const [table, owner] of Object.entries(OWNERS)) {
        const sql = new RegExp(`(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+${table}\\b`, 'gi');
        const orm = new RegExp(`getRepository\\(${owner.entity}\\)\\s*\\.\\s*(save|insert|update|delete|remove|upsert)\\(`, 'g');
        const found = (text.match(sql)?.length ?? 0) + (text.match(orm)?.length ?? 0);
        writes += found;
        if (found && !file.startsWith(owner.folder)) strangers.push(`${file} writes ${table}`);
      }
    }
    expect(strangers).toEqual([]);
    expect(writes).toBeGreaterThan(10);
  });
});
