import type { AuthProvider } from 'react-admin';
import { gql, tokenStore } from './graphql-client';

export const PANEL_ROLES = ['MODERATOR', 'ADMIN'];

const SIGN_IN = `mutation($email: String!, $password: String!) {
  signIn(email: $email, password: $password) { token errors { code message } } }`;
const VIEWER = `query { viewer { user { id roles profile { displayName handle } } } }`;

interface ViewerUser {
  id: string;
  roles: string[];
  profile: { displayName: string; handle: string };
}

let viewer: Promise<ViewerUser | null> | null = null;

function currentViewer(): Promise<ViewerUser | null> {
  viewer ??= gql<{ viewer: { user: ViewerUser } | null }>(VIEWER)
    .then((d) => d.viewer?.user ?? null)
    .catch(() => null);
  return viewer;
}

/**
 * Signs in with the public API's signIn and keeps the token in localStorage;
 * only moderators and admins may use the panel.
 */
export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    tokenStore.clear();
    viewer = null;
    const data = await gql<{ signIn: { token: string | null; errors: Array<{ message: string }> } }>(SIGN_IN, { email: username, password });
    if (!data.signIn.token) throw new Error(data.signIn.errors[0]?.message ?? 'Sign-in failed.');
    tokenStore.set(data.signIn.token);
    const user = await currentViewer();
    if (!user || !user.roles.some((role) => PANEL_ROLES.includes(role))) {
      tokenStore.clear();
      viewer = null;
      throw new Error('This panel is for moderators and admins.');
    }
  },
  async logout() {
    tokenStore.clear();
    viewer = null;
  },
  async checkAuth() {
    if (!tokenStore.get() || !(await currentViewer())) throw new Error('Sign in first.');
  },
  async checkError(error: { status?: number }) {
    if (error?.status === 401) {
      tokenStore.clear();
      viewer = null;
      throw new Error('Your session ended; sign in again.');
    }
  },
  async getPermissions() {
    return (await currentViewer())?.roles ?? [];
  },
  async getIdentity() {
    const user = await currentViewer();
    if (!user) throw new Error('Sign in first.');
    return { id: user.id, fullName: `${user.profile.displayName} (@${user.profile.handle})` };
  },
};

export const isAdmin = (permissions: unknown): boolean => Array.isArray(permissions) && permissions.includes('ADMIN');
