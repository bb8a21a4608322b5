/** What a signed-in user may be; the one permission check (src/common/auth-checker.ts) reads these. */
export enum Role {
  LEARNER = 'LEARNER',
  CREATOR = 'CREATOR',
  MODERATOR = 'MODERATOR',
  ADMIN = 'ADMIN',
  PARTNER = 'PARTNER',
}
