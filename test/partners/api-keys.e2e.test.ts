import { adminToken } from '../commerce/commerce-fixtures';
import { rawId } from '../harness/courses';
import { signIn, signUpUser, startTestServer, startTestServerOn, TestServer } from '../harness/server';
import { ALL_SCOPES, CREATE_KEY, createKey, createPartner, PARTNER_SALE, REVOKE_KEY } from './partner-fixtures';

const PARTNER = `{ partner { id name commissionRate apiKeys { id prefix scopes lastUsedAt revokedAt } } }`;
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('partner API keys', () => {
  let t: TestServer;
  let admin: string;
  let partnerId: string;

  beforeAll(async () => {
    t = await startTestServer({ API_KEY_RATE_LIMIT: '1000' });
    admin = await adminToken(t);
    partnerId = await createPartner(t, admin, 'Acme Learning', 0.2);
  });
  afterAll(() => t?.stop());

  it('an admin registers a partner with a commission rate, audited', async () => {
    const res = await t.gql(`{ partners(first: 10) { totalCount nodes { id name commissionRate createdAt } } }`, {}, admin);
    expect(res.data.partners.nodes).toContainEqual(expect.objectContaining({ id: partnerId, name: 'Acme Learning', commissionRate: 0.2 }));
    const audit = await t.db.dataSource.query(`SELECT action FROM audit_entries WHERE subject_id = $1`, [rawId(partnerId)]);
    expect(audit.map((a: { action: string }) => a.action)).toContain('partner.create');
  });

  it('only admins register partners, with a rate from 0 to below 1', async () => {
    const learner = await signUpUser(t);
    const denied = await t.gql(`mutation { createPartner(name: "X", commissionRate: 0.1) { errors { code } } }`, {}, learner.token);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = await t.gql(`mutation { createPartner(name: "X", commissionRate: 1.5) { partner { id } errors { code field } } }`, {}, admin);
    expect(bad.data.createPartner.errors).toEqual([{ code: 'INVALID_INPUT', field: ['commissionRate'] }]);
  });

  it('shows a kp_live_ secret once, stores only its hash, and the key authenticates as the partner', async () => {
    const { id, secret, prefix } = await createKey(t, admin, partnerId, ['catalog:read']);
    expect(secret).toMatch(/^kp_live_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(prefix)).toBe(true);
    expect(prefix.length).toBeLessThan(16);
    const stored = await t.db.dataSource.query(`SELECT * FROM api_keys WHERE id = $1`, [rawId(id)]);
    expect(JSON.stringify(stored)).not.toContain(secret.slice(8));

    const me = await t.gql(PARTNER, {}, secret);
    expect(me.data.partner).toMatchObject({ id: partnerId, name: 'Acme Learning', commissionRate: 0.2 });
    const listed = me.data.partner.apiKeys.find((k: { id: string }) => k.id === id);
    expect(listed.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(me.data)).not.toContain(secret);
    const keyAudit = await t.db.dataSource.query(`SELECT action FROM audit_entries WHERE subject_id = $1`, [rawId(id)]);
    expect(keyAudit).toEqual([{ action: 'apikey.create' }]);
  });

  it('refuses unknown scopes and empty scope lists', async () => {
    const res = await t.gql(CREATE_KEY, { input: { label: 'x', scopes: ['catalog:read', 'everything'], partnerId } }, admin);
    expect(res.data.createApiKey.errors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'scopes', '1'] })]);
    const none = await t.gql(CREATE_KEY, { input: { label: 'x', scopes: [], partnerId } }, admin);
    expect(none.data.createApiKey.errors[0].code).toBe('INVALID_INPUT');
  });

  it('revocation takes effect on the very next request', async () => {
    const { id, secret } = await createKey(t, admin, partnerId, ['catalog:read']);
    expect((await t.gql(PARTNER, {}, secret)).data.partner.id).toBe(partnerId);
    const revoked = await t.gql(REVOKE_KEY, { id }, admin);
    expect(revoked.data.revokeApiKey.apiKey.revokedAt).not.toBeNull();
    const after = await t.gql(PARTNER, {}, secret);
    expect(after.status).toBe(401);
    expect(after.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const audit = await t.db.dataSource.query(`SELECT action FROM audit_entries WHERE subject_id = $1 ORDER BY seq`, [rawId(id)]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['apikey.create', 'apikey.revoke']);
  });

  it('answers revoked, unknown and malformed keys alike: UNAUTHENTICATED with the same message', async () => {
    const { id, secret } = await createKey(t, admin, partnerId, ['catalog:read']);
    await t.gql(REVOKE_KEY, { id }, admin);
    const unknown = `kp_live_${'A'.repeat(43)}`;
    const answers = await Promise.all([secret, unknown, 'kp_live_short', 'kp_live_' + secret.slice(8, 50) + '!'].map((key) => t.gql(PARTNER, {}, key)));
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(new Set(answers.map((a) => a.errors?.[0].message)).size).toBe(1);
  });

  it('a key acts only within its scopes: anything else is FORBIDDEN', async () => {
    const { secret } = await createKey(t, admin, partnerId, ['catalog:read']);
    const sale = await t.gql(
      PARTNER_SALE,
      { input: { courseId: 'x', externalCustomerRef: 'c1', email: 'a@example.com', idempotencyKey: 'k-12345678' } },
      secret,
    );
    expect(sale.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(sale.errors?.[0].message).toContain('sales:write');
    const checkout = await t.gql(`mutation { checkout(input: { courseIds: [], idempotencyKey: "k-12345678" }) { errors { code } } }`, {}, secret);
    expect(checkout.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const makeKey = await t.gql(CREATE_KEY, { input: { label: 'sneaky', scopes: ALL_SCOPES } }, secret);
    expect(makeKey.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('partner members manage their own keys; others cannot touch them', async () => {
    const member = await signUpUser(t, 'Partnerdev');
    const added = await t.gql(
      `mutation($p: ID!, $e: String!) { addPartnerMember(partnerId: $p, email: $e) { errors { code } } }`,
      { p: partnerId, e: member.email },
      admin,
    );
    expect(added.data.addPartnerMember.errors).toEqual([]);
    const memberToken = await signIn(t, member.email, 'correct horse battery');
    const created = await t.gql(CREATE_KEY, { input: { label: 'Mine', scopes: ['catalog:read'] } }, memberToken);
    expect(created.data.createApiKey.errors).toEqual([]);
    const stranger = await signUpUser(t);
    const revoke = await t.gql(REVOKE_KEY, { id: created.data.createApiKey.apiKey.id }, stranger.token);
    expect(revoke.data.revokeApiKey.errors[0].code).toBe('NOT_FOUND');
    const own = await t.gql(REVOKE_KEY, { id: created.data.createApiKey.apiKey.id }, memberToken);
    expect(own.data.revokeApiKey.apiKey.revokedAt).not.toBeNull();
  });
});

describe('per-key rate limits (token bucket)', () => {
  it('over-limit calls get RATE_LIMITED with a retry-after, per key', async () => {
    const t = await startTestServer({ API_KEY_RATE_LIMIT: '3', API_KEY_RATE_PER_MINUTE: '1' });
    try {
      const admin = await adminToken(t);
      const partnerId = await createPartner(t, admin);
      const a = await createKey(t, admin, partnerId, ['catalog:read']);
      const b = await createKey(t, admin, partnerId, ['catalog:read']);
      const answers = [];
      for (let i = 0; i < 5; i += 1) answers.push(await t.gql('{ partner { id } }', {}, a.secret));
      expect(answers.map((r) => r.errors?.[0].extensions?.code ?? 'OK')).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED', 'RATE_LIMITED']);
      expect(answers[3].status).toBe(429);
      expect(answers[3].errors?.[0].extensions?.retryAfterMs).toBeGreaterThan(1000);
      const raw = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${a.secret}` },
        body: JSON.stringify({ query: '{ partner { id } }' }),
      });
      expect(Number(raw.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Another key has its own bucket.
      expect((await t.gql('{ partner { id } }', {}, b.secret)).data.partner.id).toBe(partnerId);
    } finally {
      await t.stop();
    }
  });

  it('with Redis, the limit holds across server instances', async () => {
    const a = await startTestServer({ REDIS_URL, API_KEY_RATE_LIMIT: '4', API_KEY_RATE_PER_MINUTE: '1' });
    const b = await startTestServerOn(a.db, { REDIS_URL, API_KEY_RATE_LIMIT: '4', API_KEY_RATE_PER_MINUTE: '1' });
    try {
      const admin = await adminToken(a);
      const partnerId = await createPartner(a, admin);
      const { secret } = await createKey(a, admin, partnerId, ['catalog:read']);
      const codes = [];
      for (const server of [a, b, a, b, a, b]) codes.push((await server.gql('{ partner { id } }', {}, secret)).errors?.[0].extensions?.code ?? 'OK');
      expect(codes).toEqual(['OK', 'OK', 'OK', 'OK', 'RATE_LIMITED', 'RATE_LIMITED']);
    } finally {
      await b.stop();
      await a.stop();
    }
  });
});
