import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import WebSocket from 'ws';
import { RunningProcess, startKnowpay } from './bench-server';

/**
 * Real-time fan-out and the progress write path, against the real server in
 * its own process:
 *
 * - fan-out: BENCH_SUBSCRIBERS (default 2,000) graphql-ws connections, each
 *   subscribed to one course chat room; a sender posts BENCH_MESSAGES
 *   messages (default 100, BENCH_MESSAGE_RATE per second, default 10) through
 *   HTTP. Each message carries its send time; every subscriber records its
 *   delivery latency. Prints p50/p99, deliveries/s, and the server's RSS
 *   growth per connection.
 * - recordProgress: autocannon posting progress events with fresh
 *   clientEventIds for BENCH_LEARNERS (default 50) learners round-robin.
 */
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 2000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100);
const MESSAGE_RATE = Number(process.env.BENCH_MESSAGE_RATE ?? 10);
const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 50);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);

export interface RealtimeFigures {
  fanout: {
    subscribers: number;
    messages: number;
    deliveries: number;
    lost: number;
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
    deliveriesPerSecond: number;
    connectSeconds: number;
    serverRssBeforeMiB: number;
    serverRssAfterMiB: number;
    kibPerConnection: number;
    serverRssUnderLoadMiB: number;
  };
  recordProgress: { requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number; learners: number };
}

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<any> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function signUp(url: string, name: string): Promise<string> {
  const data = await gql(url, `mutation($input: SignUpInput!) { signUp(input: $input) { token errors { message } } }`, {
    input: {
      email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomUUID().slice(0, 8)}@bench.test`,
      password: 'bench password 123',
      displayName: name,
    },
  });
  if (!data.signUp.token) throw new Error(`signUp failed: ${JSON.stringify(data.signUp.errors)}`);
  return data.signUp.token;
}

async function freeCourse(url: string, token: string, lessons: number): Promise<{ courseId: string; lessonIds: string[] }> {
  const created = await gql(
    url,
    `mutation($input: CreateCourseInput!) { createCourse(input: $input) { course { id } } }`,
    { input: { title: `Bench chat ${randomUUID().slice(0, 8)}`, description: 'Benchmark course.' } },
    token,
  );
  const courseId = created.createCourse.course.id;
  const section = await gql(
    url,
    `mutation($input: AddSectionInput!) { addSection(input: $input) { course { sections { id } } } }`,
    { input: { courseId, title: 'All' } },
    token,
  );
  const sectionId = section.addSection.course.sections[0].id;
  const lessonIds: string[] = [];
  for (let i = 0; i < lessons; i += 1) {
    const lesson = await gql(
      url,
      `mutation($input: AddLessonInput!) { addLesson(input: $input) { lesson { id } } }`,
      { input: { sectionId, title: `L${i}`, kind: 'ARTICLE', durationSeconds: 600, body: 'x' } },
      token,
    );
    lessonIds.push(lesson.addLesson.lesson.id);
  }
  await gql(url, `mutation($id: ID!) { publishCourse(id: $id) { course { id } } }`, { id: courseId }, token);
  return { courseId, lessonIds };
}

/** A bare graphql-transport-ws subscriber (lighter than a full client, so the bench process measures the server). */
function subscriber(wsUrl: string, token: string, roomId: string, onMessage: (sentAt: number) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'connection_ack') {
        socket.send(
          JSON.stringify({
            id: '1',
            type: 'subscribe',
            payload: { query: 'subscription($r: ID!) { chatMessageAdded(roomId: $r) { id body createdAt } }', variables: { r: roomId } },
          }),
        );
        resolve(socket);
      } else if (message.type === 'next') {
        onMessage(Number(/^t=(\d+)/.exec(message.payload.data.chatMessageAdded.body)?.[1]));
      } else if (message.type === 'error') {
        reject(new Error(JSON.stringify(message.payload)));
      }
    });
    socket.on('error', reject);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

async function fanout(server: RunningProcess, creatorToken: string, learnerToken: string, courseId: string): Promise<RealtimeFigures['fanout']> {
  const roomData = await gql(server.url, `query($id: ID!) { course(id: $id) { chatRoom { id } } }`, { id: courseId }, learnerToken);
  const roomId = roomData.course.chatRoom.id;
  const wsUrl = `${server.url.replace('http', 'ws')}/graphql`;
  const latencies: number[] = [];
  let lastDelivery = 0;
  const onMessage = (sentAt: number) => {
    lastDelivery = Date.now();
    latencies.push(lastDelivery - sentAt);
  };
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const rssBefore = server.rssMiB();
  const connectStarted = Date.now();
  const sockets: WebSocket[] = [];
  for (let i = 0; i < SUBSCRIBERS; i += 100) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, SUBSCRIBERS - i) }, () => subscriber(wsUrl, learnerToken, roomId, onMessage)))));
  }
  const connectSeconds = (Date.now() - connectStarted) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const rssAfter = server.rssMiB();

  let rssUnderLoad = 0;
  const firstSend = Date.now();
  for (let i = 0; i < MESSAGES; i += 1) {
    if (i % 10 === 5) rssUnderLoad = Math.max(rssUnderLoad, server.rssMiB());
    const due = firstSend + (i * 1000) / MESSAGE_RATE;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    await gql(
      server.url,
      `mutation($input: SendChatMessageInput!) { sendChatMessage(input: $input) { errors { code message } } }`,
      { input: { roomId, body: `t=${Date.now()} message ${i}`, clientMessageId: `bench-${i}-${randomUUID()}` } },
      creatorToken,
    );
  }
  const expected = MESSAGES * SUBSCRIBERS;
  const deadline = Date.now() + 30_000;
  while (latencies.length < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  for (const socket of sockets) socket.terminate();
  const sorted = [...latencies].sort((x, y) => x - y);
  return {
    subscribers: SUBSCRIBERS,
    messages: MESSAGES,
    deliveries: latencies.length,
    lost: expected - latencies.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? NaN,
    deliveriesPerSecond: Math.round(latencies.length / Math.max(0.001, (lastDelivery - firstSend) / 1000)),
    connectSeconds,
    serverRssBeforeMiB: rssBefore,
    serverRssAfterMiB: rssAfter,
    kibPerConnection: Math.round(((rssAfter - rssBefore) * 1024) / SUBSCRIBERS),
    serverRssUnderLoadMiB: rssUnderLoad,
  };
}

async function progressLoad(server: RunningProcess, tokens: string[], lessonIds: string[]): Promise<RealtimeFigures['recordProgress']> {
  const query = 'mutation($input: RecordProgressInput!) { recordProgress(input: $input) { enrollment { progress } errors { code } } }';
  let n = 0;
  const run = (duration: number) =>
    autocannon({
      url: `${server.url}/graphql`,
      connections: CONNECTIONS,
      duration,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            n += 1;
            const input = {
              lessonId: lessonIds[n % lessonIds.length],
              positionSeconds: n % 600,
              completed: n % 7 === 0,
              clientEventId: `p-${n}-${randomUUID()}`,
            };
            return {
              ...request,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[n % tokens.length]}` },
              body: JSON.stringify({ query, variables: { input } }),
            };
          },
        },
      ],
    });
  await run(2);
  const result = await run(DURATION);
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    learners: tokens.length,
  };
}

export async function realtimeBench(env: Record<string, string>): Promise<RealtimeFigures> {
  let server: RunningProcess | undefined;
  try {
    server = await startKnowpay({ ...env, CHAT_RATE_LIMIT: '1000000', CHAT_RATE_WINDOW_SECONDS: '1' }, 4520);
    const creatorToken = await signUp(server.url, 'Bench Creator');
    const { courseId, lessonIds } = await freeCourse(server.url, creatorToken, 10);
    const learnerTokens: string[] = [];
    for (let i = 0; i < LEARNERS; i += 1) learnerTokens.push(await signUp(server.url, `Bench Learner ${i}`));
    const fan = await fanout(server, creatorToken, learnerTokens[0], courseId);
    const progress = await progressLoad(server, learnerTokens, lessonIds);
    return { fanout: fan, recordProgress: progress };
  } finally {
    await server?.stop();
  }
}
