import type { TestServer } from '../harness/server';

export const CREATE_PARTNER = `mutation($name: String!, $rate: Float!) { createPartner(name: $name, commissionRate: $rate) {
  partner { id name commissionRate createdAt } errors { code message field } } }`;
export const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
  apiKey { id label prefix scopes createdAt lastUsedAt revokedAt } secret errors { code message field } } }`;
export const REVOKE_KEY = `mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { id revokedAt } errors { code message field } } }`;
export const PARTNER_SALE = `mutation($input: PartnerSaleInput!) { partnerSale(input: $input) {
  order { id code status externalCustomerRef subtotal { amount currency } discount { amount } total { amount currency } paidAt }
  enrollment { id } invitationToken errors { code message field } } }`;
export const OFFERS = `query($id: ID!) { course(id: $id) { id offers { kind price { amount currency } wholesalePrice { amount currency } } } }`;
export const ALL_SCOPES = ['catalog:read', 'sales:write', 'seats:write', 'webhooks:write'];

export async function createPartner(t: TestServer, adminToken: string, name = 'Reseller', rate = 0.15): Promise<string> {
  const res = await t.gql(CREATE_PARTNER, { name, rate }, adminToken);
  if (!res.data?.createPartner?.partner) throw new Error(`createPartner failed: ${JSON.stringify(res)}`);
  return res.data.createPartner.partner.id;
}

export async function createKey(
  t: TestServer,
  adminToken: string,
  partnerId: string,
  scopes = ALL_SCOPES,
  label = 'Server',
): Promise<{ id: string; secret: string; prefix: string }> {
  const res = await t.gql(CREATE_KEY, { input: { label, scopes, partnerId } }, adminToken);
  if (!res.data?.createApiKey?.secret) throw new Error(`createApiKey failed: ${JSON.stringify(res)}`);
  return { id: res.data.createApiKey.apiKey.id, secret: res.data.createApiKey.secret, prefix: res.data.createApiKey.apiKey.prefix };
}

/** A partner with a key holding every scope. */
export async function partnerWithKey(t: TestServer, adminToken: string, rate = 0.15): Promise<{ partnerId: string; key: string; keyId: string }> {
  const partnerId = await createPartner(t, adminToken, `Reseller ${Math.random().toString(36).slice(2, 7)}`, rate);
  const { id, secret } = await createKey(t, adminToken, partnerId);
  return { partnerId, key: secret, keyId: id };
}
