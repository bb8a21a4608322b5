import type { RaRecord } from 'react-admin';
import { RESOURCES } from './resources';

interface Write {
  query: string;
  variables: Record<string, unknown>;
  /** The mutation field whose payload carries the result and `errors`. */
  field: string;
  pick: (payload: any) => RaRecord;
}

interface ResourceWrites {
  update?: (id: unknown, data: any, previous: any) => Write;
  create?: (data: any) => Write;
}

const ERRORS = 'errors { code message field }';

/** Edits and creations the panel's forms make, each through the public mutation that does it. */
export const RESOURCE_UPDATES: Record<string, ResourceWrites> = {
  users: {
    update: (id, data) => ({
      query: `mutation($userId: ID!, $roles: [Role!]!) { setUserRoles(userId: $userId, roles: $roles) { user { ${RESOURCES.users.selection} } ${ERRORS} } }`,
      variables: { userId: id, roles: data.roles ?? [] },
      field: 'setUserRoles',
      pick: (payload) => payload.user,
    }),
  },
  courses: {
    update: (id, data) => ({
      query: `mutation($input: UpdateCourseInput!) { updateCourse(input: $input) { course { ${RESOURCES.courses.selection} } ${ERRORS} } }`,
      variables: { input: { id, title: data.title, subtitle: data.subtitle || null, description: data.description } },
      field: 'updateCourse',
      pick: (payload) => payload.course,
    }),
  },
  categories: {
    create: (data) => ({
      query: `mutation($input: CreateCategoryInput!) { createCategory(input: $input) { category { ${RESOURCES.categories.selection} } ${ERRORS} } }`,
      variables: { input: { slug: data.slug, nameEn: data.nameEn, nameZh: data.nameZh, parentId: data.parent?.id || null, position: data.position ?? null } },
      field: 'createCategory',
      pick: (payload) => payload.category,
    }),
    update: (id, data) => ({
      query: `mutation($input: UpdateCategoryInput!) { updateCategory(input: $input) { category { ${RESOURCES.categories.selection} } ${ERRORS} } }`,
      variables: {
        input: { id, slug: data.slug, nameEn: data.nameEn, nameZh: data.nameZh, parentId: data.parent?.id || null, position: data.position ?? null },
      },
      field: 'updateCategory',
      pick: (payload) => payload.category,
    }),
  },
  partners: {
    create: (data) => ({
      query: `mutation($name: String!, $rate: Float!) { createPartner(name: $name, commissionRate: $rate) { partner { ${RESOURCES.partners.selection} } ${ERRORS} } }`,
      variables: { name: data.name, rate: Number(data.commissionRate) },
      field: 'createPartner',
      pick: (payload) => payload.partner,
    }),
  },
};
