import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { Node } from '../common/node';
import { ConnectionType } from '../common/pagination';
import type { ChatMessageEntity } from './chat-message.entity';

@ObjectType({ implements: Node, description: "A course's chat: its learners and its creator may read and post." })
export class ChatRoom extends Node {}

@ObjectType({ implements: Node })
export class ChatMessage extends Node {
  @Field()
  body: string;

  @Field({ description: 'VISIBLE, or PENDING_REVIEW for a held message (shown to its author only).' })
  visibility: string;

  @Field()
  createdAt: Date;
}

export const ChatMessageConnection = ConnectionType(ChatMessage, 'ChatMessage');

@InputType()
export class SendChatMessageInput {
  @Field(() => ID)
  roomId: string;

  @Field()
  body: string;

  @Field({ description: 'Client-generated id; resending the same one returns the first message instead of posting twice.' })
  clientMessageId: string;
}

@ObjectType()
export class ChatMessagePayload {
  @Field(() => ChatMessage, { nullable: true })
  message?: ChatMessageEntity | null;

  @Field(() => [UserError])
  errors: UserError[];
}

/** What travels over pub/sub for a new message: the row itself, so subscribers need no query to show it. */
export interface ChatMessageEvent {
  id: string;
  seq: string;
  courseId: string;
  userId: string;
  body: string;
  visibility: string;
  createdAt: string;
}

export const chatTopic = (roomId: string) => `chat:${roomId}`;
