import { signIn, signUpUser, startTestServer, TestServer } from '../harness/server';

const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { token viewer { user { id roles profile { handle displayName } } } errors { code message field } } }`;
const SIGN_IN = `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token errors { code message field } } }`;
const UPDATE_PROFILE = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) {
  profile { displayName bio avatarUrl interests palette { primary text background contrastRatio wcagLevel } } errors { code message field } } }`;

describe('identity through the public API', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t.stop());

  it('a newcomer signs up, gets a token and sees themselves as viewer', async () => {
    const res = await t.gql(SIGN_UP, { input: { email: 'Ada@Example.com', password: 'analytical-engine', displayName: 'Ada Lovelace' } });
    expect(res.data.signUp.errors).toEqual([]);
    expect(res.data.signUp.viewer.user.roles).toEqual(['LEARNER']);
    expect(res.data.signUp.viewer.user.profile.handle).toBe('ada-lovelace');
    const me = await t.gql(`{ viewer { user { profile { displayName } } } }`, {}, res.data.signUp.token);
    expect(me.data.viewer.user.profile.displayName).toBe('Ada Lovelace');
    const signedIn = await t.gql(SIGN_IN, { e: 'ada@example.com', p: 'analytical-engine' });
    expect(signedIn.data.signIn.token).toEqual(expect.any(String));
  });

  it('rejects bad sign-up input with coded errors that name the field', async () => {
    const cases: Array<[Record<string, string>, string, string[]]> = [
      [{ email: 'not-an-email', password: 'long enough pw', displayName: 'X' }, 'INVALID_INPUT', ['input', 'email']],
      [{ email: 'short@example.com', password: 'short', displayName: 'X' }, 'INVALID_INPUT', ['input', 'password']],
      [{ email: 'long@example.com', password: 'long enough pw', displayName: 'x'.repeat(81) }, 'INVALID_INPUT', ['input', 'displayName']],
      [{ email: 'handle@example.com', password: 'long enough pw', displayName: 'X', handle: 'no spaces!' }, 'INVALID_INPUT', ['input', 'handle']],
      [{ email: 'ADA@example.com', password: 'long enough pw', displayName: 'Dup' }, 'ALREADY_EXISTS', ['input', 'email']],
      [{ email: 'other@example.com', password: 'long enough pw', displayName: 'Dup', handle: 'Ada-Lovelace' }, 'ALREADY_EXISTS', ['input', 'handle']],
    ];
    for (const [input, code, field] of cases) {
      const res = await t.gql(SIGN_UP, { input });
      expect(res.errors).toBeUndefined();
      expect(res.data.signUp).toMatchObject({ token: null, viewer: null, errors: [{ code, field }] });
    }
  });

  it('sign-in failures do not reveal whether the email exists', async () => {
    const wrongPassword = await t.gql(SIGN_IN, { e: 'ada@example.com', p: 'wrong password' });
    const unknownEmail = await t.gql(SIGN_IN, { e: 'nobody@example.com', p: 'wrong password' });
    expect(wrongPassword.data.signIn.errors).toEqual(unknownEmail.data.signIn.errors);
    expect(wrongPassword.data.signIn.token).toBeNull();
  });

  it('treats missing, malformed and forged tokens as UNAUTHENTICATED', async () => {
    const anonymous = await t.gql(UPDATE_PROFILE, { input: { bio: 'hi' } });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.errors?.[0].extensions?.stacktrace).toBeUndefined();
    const forged = await t.gql(`{ viewer { user { id } } }`, {}, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged');
    expect(forged.status).toBe(401);
    expect(forged.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const anonymousViewer = await t.gql(`{ viewer { user { id } } }`);
    expect(anonymousViewer.data.viewer).toBeNull();
  });

  it('updates a profile with interests and a WCAG-checked palette', async () => {
    const { token } = await signUpUser(t, 'Painter');
    const res = await t.gql(
      UPDATE_PROFILE,
      {
        input: {
          bio: '  Watercolors and 水墨画. ',
          interests: ['Art', 'art', '水墨'],
          palette: { primary: '#3366ff', secondary: '#FF8800', accent: '#22AA66', background: '#FFFFFF', text: '#111111' },
        },
      },
      token,
    );
    expect(res.data.updateProfile.errors).toEqual([]);
    expect(res.data.updateProfile.profile).toMatchObject({
      bio: 'Watercolors and 水墨画.',
      interests: ['art', '水墨'],
      palette: { primary: '#3366FF', text: '#111111', wcagLevel: 'AAA' },
    });
    expect(res.data.updateProfile.profile.palette.contrastRatio).toBeGreaterThan(18);

    const bad = await t.gql(
      UPDATE_PROFILE,
      { input: { palette: { primary: '#3366ff', secondary: 'orange', accent: '#22AA66', background: '#FFFFFF', text: '#111111' } } },
      token,
    );
    expect(bad.data.updateProfile.errors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'palette', 'secondary'] })]);
    const long = await t.gql(UPDATE_PROFILE, { input: { bio: 'x'.repeat(2001), avatarUrl: 'javascript:alert(1)' } }, token);
    expect(long.data.updateProfile.errors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'bio'] });
  });

  it('makes sure the configured admin exists with the ADMIN role', async () => {
    const token = await signIn(t, 'admin@knowpay.test', 'admin-password');
    const me = await t.gql(`{ viewer { user { roles } } }`, {}, token);
    expect(me.data.viewer.user.roles).toContain('ADMIN');
  });
});
