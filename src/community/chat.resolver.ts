import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { courseById } from '../catalog/catalog.loaders';
import { Course } from '../catalog/catalog.types';
import { CourseEntity } from '../catalog/course.entity';
import { forbidden } from '../common/errors';
import { registerNodeType } from '../common/node';
import { payload } from '../common/payload';
import { userById } from '../identity/identity.loaders';
import { User } from '../identity/identity.types';
import { UserEntity } from '../identity/user.entity';
import { uniqueRowLoader } from '../db/row-loaders';
import { viewerIndependent } from '../realtime/shared-execution';
import { listen, startEvent } from '../realtime/subscription-events';
import type { DomainContext } from '../kernel/context';
import { ChatMessageEntity, ChatRoomRef } from './chat-message.entity';
import { chatHistory, chatMessageFrom, readableRoomCourse, roomCourse, sendChatMessage } from './chat.service';
import { ChatMessage, ChatMessageConnection, ChatMessageEvent, ChatMessagePayload, ChatRoom, chatTopic, SendChatMessageInput } from './chat.types';
import { isCommunityMember, isShownTo } from './community-access';

const chatMessageById = uniqueRowLoader(ChatMessageEntity, 'id');

// Only VISIBLE messages are published, and a message reads the same to every member: subscribers of one
// selection share one execution per message (access is still checked per subscriber, in `listen`).
viewerIndependent('Subscription', ['chatMessageAdded']);
viewerIndependent('ChatMessage', ['id', 'body', 'visibility', 'createdAt', 'room', 'author']);
viewerIndependent('ChatRoom', ['id']);

/**
 * Selections that are not shared (`author { roles }`) still look each
 * message's author up once for all their subscribers: the row is the same
 * for everyone, and its field resolvers decide what each viewer sees.
 */
const publishedEvent = new WeakMap<ChatMessageEntity, ChatMessageEvent>();
const authorOfEvent = new WeakMap<ChatMessageEvent, Promise<UserEntity | null>>();
export const chatAuthorLookups = { count: 0 };

registerNodeType('ChatRoom', ChatRoomRef, async (ctx, id) => {
  const course = await ctx.loaders.get(courseById).load(id);
  return course && (await isCommunityMember(ctx, course)) ? new ChatRoomRef(course.id) : null;
});

registerNodeType('ChatMessage', ChatMessageEntity, async (ctx, id) => {
  const message = await ctx.loaders.get(chatMessageById).load(id);
  const course = message && isShownTo(ctx, message) ? await ctx.loaders.get(courseById).load(message.courseId) : null;
  return course && (await isCommunityMember(ctx, course)) ? message : null;
});

async function subscribeToRoom(ctx: DomainContext, roomGlobalId: string) {
  const course = await roomCourse(ctx, roomGlobalId);
  return listen<ChatMessageEvent>(
    ctx,
    chatTopic(course?.id ?? ''),
    async () => !!course && (await isCommunityMember(ctx, course)),
    "Only the course's learners and its creator can read this chat.",
  );
}

@Resolver(() => ChatRoom)
export class ChatRoomResolver {
  @Query(() => ChatRoom, { nullable: true, description: 'A chat room the viewer may read; null otherwise.' })
  async chatRoom(@Arg('id', () => ID) id: string, @Ctx() ctx: DomainContext): Promise<ChatRoomRef | null> {
    const course = await readableRoomCourse(ctx, id);
    return course ? new ChatRoomRef(course.id) : null;
  }

  @FieldResolver(() => Course, { nullable: true })
  course(@Root() room: ChatRoomRef, @Ctx() ctx: DomainContext): Promise<CourseEntity | null> {
    return ctx.loaders.get(courseById).load(room.courseId);
  }

  @FieldResolver(() => ChatMessageConnection, { description: 'History, newest page first; page back with `before: pageInfo.startCursor`.' })
  async messages(
    @Root() room: ChatRoomRef,
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('before', () => String, { nullable: true }) before?: string | null,
  ) {
    const course = await ctx.loaders.get(courseById).load(room.courseId);
    if (!course || !(await isCommunityMember(ctx, course))) throw forbidden('This chat room is for its members only.');
    return chatHistory(ctx, course, first, before);
  }

  @Authorized()
  @Mutation(() => ChatMessagePayload, {
    description: 'Members: post to a course chat. Rate-limited per user (LIMIT_EXCEEDED); clientMessageId makes resends safe.',
  })
  sendChatMessage(@Arg('input') input: SendChatMessageInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => sendChatMessage(ctx, input),
      (message) => ({ message }),
    );
  }

  @Subscription(() => ChatMessage, {
    description: 'New messages in a chat room the viewer may read.',
    subscribe: ({ args, context }) => subscribeToRoom(context as DomainContext, args.roomId as string),
  })
  chatMessageAdded(@Root() event: ChatMessageEvent, @Arg('roomId', () => ID) _roomId: string, @Ctx() ctx: DomainContext): ChatMessageEntity {
    startEvent(ctx);
    const message = chatMessageFrom(event);
    publishedEvent.set(message, event);
    return message;
  }
}

@Resolver(() => ChatMessage)
export class ChatMessageResolver {
  @FieldResolver(() => ChatRoom)
  room(@Root() message: ChatMessageEntity): ChatRoomRef {
    return new ChatRoomRef(message.courseId);
  }

  @FieldResolver(() => User)
  async author(@Root() message: ChatMessageEntity, @Ctx() ctx: DomainContext): Promise<UserEntity> {
    const event = publishedEvent.get(message);
    if (!event) return (await ctx.loaders.get(userById).load(message.userId))!;
    let author = authorOfEvent.get(event);
    if (!author) {
      chatAuthorLookups.count += 1;
      authorOfEvent.set(event, (author = ctx.loaders.get(userById).load(message.userId)));
    }
    return (await author)!;
  }
}

@Resolver(() => Course)
export class CourseChatRoomResolver {
  @FieldResolver(() => ChatRoom, { nullable: true, description: "The course's chat room, for its members (null for everyone else)." })
  async chatRoom(@Root() course: CourseEntity, @Ctx() ctx: DomainContext): Promise<ChatRoomRef | null> {
    return (await isCommunityMember(ctx, course)) ? new ChatRoomRef(course.id) : null;
  }
}
