import { randomBytes, randomUUID } from 'node:crypto';
import {
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { graphqlLiteral } from '../harness/graphql-literal';
import { knowpaySchema } from '../../src/server/schema';
import { adminToken } from '../commerce/commerce-fixtures';
import { enroll, rawId } from '../harness/courses';
import { signUpUser, startTestServer, TestServer } from '../harness/server';
import { subscribe, wsClient } from '../harness/subscriptions';

/**
 * No part of a paid lesson's body reaches someone who has not bought it,
 * through any door. The sweep is generated from the schema: every root query
 * (with every id we know for every ID argument), the payloads of the
 * mutations that take content ids, and every subscription, each with a
 * selection of every field reachable without repeating a type on the path.
 * It runs as an anonymous caller and as a signed-in stranger, and once as
 * the buyer, where it must find the text (so the sweep can see a leak), and
 * where quiz answer keys, unreleased lessons and early join links must stay
 * hidden all the same.
 */
const SECRET = `paidsecret${randomBytes(6).toString('hex')}`;
const PAID_BODY = `Chapter two. ${SECRET} is how the index is kept small.`;
const PAID_COMMENT = `Question about ${SECRET}: why does the index stay small?`;
/**
 * What nobody but the creator may see, not even the buyer: a quiz's answer
 * key before the buyer passed (or ran out of attempts), a lesson of a section
 * whose scheduled release is still ahead, a live session's join link before
 * its window opens.
 */
const HIDDEN = `lockedsecret${randomBytes(6).toString('hex')}`;

interface Ids {
  all: string[];
  byType: Record<string, string[]>;
}

function fill(type: GraphQLInputType, ids: string[], name: string): unknown[] {
  if (isNonNullType(type)) return fill(type.ofType, ids, name);
  if (isListType(type)) return fill(type.ofType, ids, name).map((value) => [value]);
  if (isScalarType(type)) {
    if (type.name === 'ID') return ids;
    if (type.name === 'Int') return [name === 'first' ? 5 : 1];
    if (type.name === 'Float') return [0.5];
    if (type.name === 'Boolean') return [true];
    if (type.name === 'DateTime') return [new Date().toISOString()];
    return [name === 'query' ? SECRET : name.toLowerCase().includes('id') ? randomUUID() : 'x'];
  }
  if (isEnumType(type)) return [type.getValues()[0].value];
  if (isInputObjectType(type)) {
    // One variant per id for the first ID field; other fields take their first value.
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) || getNamedType(f.type).name === 'ID' || f.name === 'query');
    const idField = fields.find((f) => getNamedType(f.type).name === 'ID');
    const base = Object.fromEntries(fields.map((f) => [f.name, fill(f.type, ids.slice(0, 1), f.name)[0]]));
    return idField
      ? ids.map((id) => ({ ...base, [idField.name]: isListType(isNonNullType(idField.type) ? idField.type.ofType : idField.type) ? [id] : id }))
      : [base];
  }
  return [null];
}

/** Argument lists for a field: every id for its first ID argument, defaults elsewhere; null when it cannot be called. */
function argumentVariants(args: readonly GraphQLArgument[], idsFor: (argument: string) => string[]): string[] | null {
  if (args.length === 0) return [''];
  const fillable = args.filter(
    (a) => isNonNullType(a.type) || ['first', 'query', 'filter', 'id', 'ids', 'slug'].includes(a.name) || getNamedType(a.type).name === 'ID',
  );
  const idArgument = fillable.find((a) => getNamedType(a.type).name === 'ID' || isInputObjectType(getNamedType(a.type)));
  const variants = idArgument ? fill(idArgument.type, idsFor(idArgument.name), idArgument.name) : [undefined];
  return variants.map((variant) => {
    const parts = fillable.map((a) => `${a.name}: ${graphqlLiteral(a === idArgument ? variant : fill(a.type, idsFor(a.name).slice(0, 1), a.name)[0])}`);
    return parts.length ? `(${parts.join(', ')})` : '';
  });
}

/** Fields of an object that can be selected without arguments we cannot fill. */
function selectionFields(object: GraphQLObjectType): Record<string, GraphQLField<unknown, unknown>> {
  return Object.fromEntries(Object.entries(object.getFields()).filter(([, field]) => !field.args.some((a) => isNonNullType(a.type))));
}

/** Every field reachable from `type` without repeating a type on the path (or only the field `only`). */
function selection(type: GraphQLNamedType, depth: number, path: Set<string>, only?: string): string {
  if (isLeafType(type)) return '';
  const object = type as GraphQLObjectType;
  const parts = only ? [] : ['__typename'];
  for (const field of Object.values(selectionFields(object))) {
    if (only && field.name !== only) continue;
    const named = getNamedType(field.type);
    const args = field.args.some((a) => a.name === 'first') ? '(first: 5)' : '';
    if (isLeafType(named)) parts.push(`${field.name}${args}`);
    else if (depth > 0 && !path.has(named.name)) parts.push(`${field.name}${args} { ${selectionOf(named, depth - 1, new Set([...path, named.name]))} }`);
  }
  return parts.join(' ');
}

function selectionOf(type: GraphQLNamedType, depth: number, path: Set<string>): string {
  if (!isAbstractType(type)) return selection(type, depth, path);
  return [
    '__typename',
    ...schemaOf
      .getPossibleTypes(type)
      .filter((t) => !path.has(t.name))
      .map((t) => `... on ${t.name} { ${selection(t, depth, new Set([...path, t.name]))} }`),
  ].join(' ');
}

let schemaOf: GraphQLSchema;

describe('no paid lesson text through any door', () => {
  let t: TestServer;
  let ids: Ids;
  let buyer: string;
  let stranger: string;
  let creatorToken: string;

  beforeAll(async () => {
    schemaOf = await knowpaySchema();
    // The sweep asks for far more than a client would: limits are not what it tests.
    t = await startTestServer({
      GRAPHQL_MAX_FIELDS: '1000000',
      GRAPHQL_MAX_COST: '10000000',
      GRAPHQL_MAX_DEPTH: '30',
      GRAPHQL_MAX_ALIASES: '1000',
      GRAPHQL_MAX_TOKENS: '1000000',
      GRAPHQL_MAX_DOCUMENT_BYTES: '10000000',
    });
    const admin = await adminToken(t);
    const creator = await signUpUser(t, 'Creator');
    creatorToken = creator.token;
    const course = (
      await t.gql(
        `mutation($i: CreateCourseInput!) { createCourse(input: $i) { course { id creator { id } } errors { code } } }`,
        { i: { title: 'Indexes in depth', description: 'How databases stay fast.', price: { amount: 19900, currency: 'CNY' } } },
        creator.token,
      )
    ).data.createCourse.course;
    const section = (
      await t.gql(
        `mutation($i: AddSectionInput!) { addSection(input: $i) { course { sections { id } } } }`,
        { i: { courseId: course.id, title: 'Part one' } },
        creator.token,
      )
    ).data.addSection.course.sections[0].id;
    const lessonIds: string[] = [];
    for (const [title, body, isPreview] of [
      ['Welcome', 'A free look at what is coming.', true],
      ['B-trees', PAID_BODY, false],
      ['Hash indexes', `More on ${SECRET}.`, false],
    ] as const) {
      const added = await t.gql(
        `mutation($i: AddLessonInput!) { addLesson(input: $i) { lesson { id } errors { code message } } }`,
        { i: { sectionId: section, title, kind: 'ARTICLE', durationSeconds: 300, isPreview, body } },
        creator.token,
      );
      lessonIds.push(added.data.addLesson.lesson.id);
    }
    // A quiz whose questions are paid text and whose answer key must stay hidden (unlimited attempts: the sweep's answers never reveal it).
    const quizLesson = (
      await t.gql(
        `mutation($i: AddLessonInput!) { addLesson(input: $i) { lesson { id } } }`,
        { i: { sectionId: section, title: 'Quiz: indexes', kind: 'QUIZ', durationSeconds: 120 } },
        creator.token,
      )
    ).data.addLesson.lesson.id;
    const savedQuiz = await t.gql(
      `mutation($i: SaveQuizInput!) { saveQuiz(input: $i) { lesson { quiz { questions { id } } } errors { code message } } }`,
      {
        i: {
          lessonId: quizLesson,
          passPercent: 100,
          maxAttempts: null,
          questions: [
            {
              kind: 'SINGLE_CHOICE',
              prompt: `Why ${SECRET}?`,
              choices: [
                { id: 'a', text: 'Because' },
                { id: 'b', text: 'It is not', correct: true },
              ],
              explanation: `${HIDDEN} explains it.`,
            },
            { kind: 'SHORT_TEXT', prompt: 'The magic word?', acceptedAnswers: [HIDDEN] },
          ],
        },
      },
      creator.token,
    );
    if (savedQuiz.data.saveQuiz.errors.length) throw new Error(JSON.stringify(savedQuiz.data.saveQuiz.errors));
    const questionIds = savedQuiz.data.saveQuiz.lesson.quiz.questions.map((q: { id: string }) => q.id);
    // A live session whose join link is not out before its window.
    const liveLesson = (
      await t.gql(
        `mutation($i: AddLessonInput!) { addLesson(input: $i) { lesson { id } } }`,
        { i: { sectionId: section, title: 'Office hours', kind: 'LIVE', durationSeconds: 3600 } },
        creator.token,
      )
    ).data.addLesson.lesson.id;
    await t.gql(
      `mutation($i: ScheduleLiveSessionInput!) { scheduleLiveSession(input: $i) { errors { code } } }`,
      {
        i: {
          lessonId: liveLesson,
          startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
          durationMinutes: 60,
          timeZone: 'UTC',
          joinUrl: `https://meet.example.com/${HIDDEN}`,
        },
      },
      creator.token,
    );
    // A section released a year from now, with a lesson in it.
    const later = (
      await t.gql(
        `mutation($i: AddSectionInput!) { addSection(input: $i) { course { sections { id } } } }`,
        { i: { courseId: course.id, title: 'Part two' } },
        creator.token,
      )
    ).data.addSection.course.sections[1].id;
    await t.gql(
      `mutation($i: UpdateSectionInput!) { updateSection(input: $i) { errors { code } } }`,
      { i: { id: later, release: { at: new Date(Date.now() + 365 * 86_400_000).toISOString() } } },
      creator.token,
    );
    const lockedLesson = (
      await t.gql(
        `mutation($i: AddLessonInput!) { addLesson(input: $i) { lesson { id } } }`,
        {
          i: {
            sectionId: later,
            title: 'Query planning',
            kind: 'ARTICLE',
            durationSeconds: 300,
            body: `Part two. ${HIDDEN} is how the planner picks an index.`,
          },
        },
        creator.token,
      )
    ).data.addLesson.lesson.id;
    await t.gql(`mutation($id: ID!) { publishCourse(id: $id) { errors { code } } }`, { id: course.id }, creator.token);

    const learner = await signUpUser(t, 'Buyer');
    await enroll(t, learner.userId, course.id);
    buyer = learner.token;
    stranger = (await signUpUser(t, 'Stranger')).token;
    const commented = await t.gql(
      `mutation($i: PostCommentInput!) { postComment(input: $i) { comment { id } errors { code message } } }`,
      { i: { courseId: course.id, lessonId: lessonIds[1], body: PAID_COMMENT } },
      buyer,
    );
    if (!commented.data?.postComment?.comment) throw new Error(`the buyer could not comment: ${JSON.stringify(commented)}`);
    const comment = commented.data.postComment.comment.id;
    const reply = (
      await t.gql(
        `mutation($i: PostCommentInput!) { postComment(input: $i) { comment { id } errors { code } } }`,
        { i: { courseId: course.id, lessonId: lessonIds[1], parentId: comment, body: `Because of ${SECRET}.` } },
        creator.token,
      )
    ).data.postComment.comment.id;
    await t.gql(
      `mutation($i: RecordProgressInput!) { recordProgress(input: $i) { errors { code } } }`,
      { i: { lessonId: lessonIds[1], clientEventId: randomUUID(), completed: true } },
      buyer,
    );
    const attempt = (
      await t.gql(
        `mutation($i: SubmitQuizAttemptInput!) { submitQuizAttempt(input: $i) { attempt { id passed } errors { code } } }`,
        {
          i: {
            lessonId: quizLesson,
            clientAttemptId: randomUUID(),
            answers: [
              { questionId: questionIds[0], choiceIds: ['a'] },
              { questionId: questionIds[1], text: 'no idea' },
            ],
          },
        },
        buyer,
      )
    ).data.submitQuizAttempt.attempt;
    if (!attempt || attempt.passed) throw new Error("the buyer's failed quiz attempt was not recorded");
    await t.gql(`mutation($id: ID!) { joinLiveSession(lessonId: $id) { errors { code } } }`, { id: liveLesson }, buyer);
    await t.gql(
      `mutation($i: ReportContentInput!) { reportContent(input: $i) { errors { code } } }`,
      { i: { contentKind: 'LESSON', contentId: lessonIds[1], reason: 'spam?' } },
      buyer,
    );
    const queue = await t.gql('{ moderationQueue(first: 10) { nodes { id } } auditLog(first: 5) { nodes { id } } }', {}, admin);
    const outline = await t.gql(
      'query($id: ID!) { node(id: $id) { ... on Course { sections { id } chatRoom { id } creator { id } } } viewer { user { id } enrollments(first: 5) { nodes { id } } } }',
      { id: course.id },
      buyer,
    );
    const byType: Record<string, string[]> = {
      Course: [course.id],
      Lesson: [...lessonIds, quizLesson, liveLesson, lockedLesson],
      Comment: [comment, reply],
      Creator: [course.creator.id],
      QuizQuestion: questionIds,
      QuizAttempt: [attempt.id],
      Section: outline.data.node.sections.map((s: { id: string }) => s.id),
      ChatRoom: [outline.data.node.chatRoom.id],
      ModerationCase: queue.data.moderationQueue.nodes.map((n: { id: string }) => n.id),
      AuditEntry: queue.data.auditLog.nodes.map((n: { id: string }) => n.id),
      User: [outline.data.viewer.user.id, creator.userId],
      Enrollment: outline.data.viewer.enrollments.nodes.map((n: { id: string }) => n.id),
      raw: [rawId(course.id), rawId(lessonIds[1])],
    };
    ids = { byType, all: Object.values(byType).flat() };
  }, 60_000);
  afterAll(async () => t.stop());

  /** Ids to try for an argument: `courseId` takes courses, `lessonId` lessons, …; a bare `id` takes every one. */
  const idsFor = (argument: string) => ids.byType[argument.replace(/Ids?$/, '').replace(/^./, (c) => c.toUpperCase())] ?? ids.all;

  async function sweep(token: string | null): Promise<{ requests: number; leaks: string[]; hidden: string[] }> {
    const leaks: string[] = [];
    const hidden: string[] = [];
    let requests = 0;
    const send = async (operation: string) => {
      requests += 1;
      const res = await t.gql(operation, {}, token);
      const text = JSON.stringify(res);
      if (text.includes(SECRET)) leaks.push(operation.slice(0, 300));
      if (text.includes(HIDDEN)) hidden.push(operation.slice(0, 300));
      return res;
    };
    /** The whole selection at once; when something in it errors (a field this viewer may not read), each child on its own, so one refusal hides nothing else. */
    const probe = async (kind: string, call: string, type: GraphQLNamedType) => {
      if (isLeafType(type)) return void (await send(`${kind} { ${call} }`));
      const res = await send(`${kind} { ${call} { ${selectionOf(type, 4, new Set([type.name]))} } }`);
      if (!res.errors) return;
      const concrete = isAbstractType(type) ? schemaOf.getPossibleTypes(type) : [type as GraphQLObjectType];
      for (const object of concrete) {
        for (const child of Object.keys(selectionFields(object))) {
          const part = selection(object, 4, new Set([object.name]), child);
          if (part) await send(`${kind} { ${call} { ... on ${object.name} { ${part} } } }`);
        }
      }
    };
    for (const kind of ['query', 'mutation'] as const) {
      const root = kind === 'query' ? schemaOf.getQueryType()! : schemaOf.getMutationType()!;
      for (const field of Object.values(root.getFields())) {
        // Mutations: those that take content ids, whose payloads could carry content back.
        if (
          kind === 'mutation' &&
          ![
            'reportContent',
            'postComment',
            'recordProgress',
            'sendChatMessage',
            'rateCourse',
            'appealModerationCase',
            'claimModerationCase',
            'resolveModerationCase',
            'enrollFree',
            'updateCourse',
            'addLesson',
            'publishCourse',
            'updateLesson',
            'moveLesson',
            'deleteLesson',
            'archiveLesson',
            'restoreLesson',
            'updateSection',
            'moveSection',
            'deleteSection',
            'saveQuiz',
            'submitQuizAttempt',
            'scheduleLiveSession',
            'setLiveSessionRecording',
            'joinLiveSession',
          ].includes(field.name)
        )
          continue;
        const named = getNamedType(field.type);
        if (field.name === 'node' || field.name === 'nodes') {
          // Each id with a selection of its own type.
          for (const [typeName, typed] of Object.entries(ids.byType)) {
            const type = schemaOf.getType(typeName);
            if (!type || !isObjectType(type)) continue;
            for (const id of typed)
              await probe(kind, `${field.name}(${field.name === 'node' ? 'id' : 'ids'}: ${graphqlLiteral(field.name === 'node' ? id : [id])})`, type);
          }
          continue;
        }
        for (const args of argumentVariants(field.args, idsFor) ?? []) await probe(kind, `${field.name}${args}`, named);
      }
    }
    // Subscriptions: every one, with every id; whatever arrives within a moment is scanned too.
    const client = wsClient(t, token);
    try {
      for (const field of Object.values(schemaOf.getSubscriptionType()!.getFields())) {
        for (const args of argumentVariants(field.args, idsFor) ?? []) {
          requests += 1;
          const named = getNamedType(field.type);
          const first = await subscribe(client, `subscription { ${field.name}${args} { ${selectionOf(named, 4, new Set([named.name]))} } }`)
            .next(1000)
            .catch(() => null);
          if (first && JSON.stringify(first).includes(SECRET)) leaks.push(`subscription ${field.name}${args}`);
          if (first && JSON.stringify(first).includes(HIDDEN)) hidden.push(`subscription ${field.name}${args}`);
        }
      }
    } finally {
      await client.dispose();
    }
    return { requests, leaks, hidden };
  }

  it('as an anonymous caller', async () => {
    const { requests, leaks, hidden } = await sweep(null);
    expect(leaks).toEqual([]);
    expect(hidden).toEqual([]);
    expect(requests).toBeGreaterThan(200);
  }, 180_000);

  it('as a signed-in stranger who never bought the course', async () => {
    const { requests, leaks, hidden } = await sweep(stranger);
    expect(leaks).toEqual([]);
    expect(hidden).toEqual([]);
    expect(requests).toBeGreaterThan(200);
  }, 180_000);

  it('finds the text as the buyer, so the sweep can see a leak, but never an answer key before they pass, a lesson before its release or a join link before its window', async () => {
    const { leaks, hidden } = await sweep(buyer);
    expect(leaks.some((l) => l.includes('node(id:'))).toBe(true);
    expect(leaks.some((l) => l.includes('comments'))).toBe(true);
    // the quiz's questions are paid text the buyer may read
    expect(leaks.some((l) => l.includes('QuizQuestion'))).toBe(true);
    expect(hidden).toEqual([]);
  }, 180_000);

  it('the hidden parts are there for the creator, so the sweep could see them leak', async () => {
    const lessons = ids.byType.Lesson.slice(-3);
    const res = await t.gql(
      `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Lesson { content { body } quiz { questions { answerKey { acceptedAnswers explanation } } } liveSession { joinUrl } } } }`,
      { ids: lessons },
      creatorToken,
    );
    expect(JSON.stringify(res.data).split(HIDDEN).length - 1).toBe(4);
  });
});
