import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Lesson } from '../catalog/catalog.types';
import { UserError } from '../common/errors';

export enum LiveSessionStatus {
  SCHEDULED = 'SCHEDULED',
  OPEN = 'OPEN',
  LIVE = 'LIVE',
  ENDED = 'ENDED',
}
registerEnumType(LiveSessionStatus, {
  name: 'LiveSessionStatus',
  valuesConfig: {
    SCHEDULED: { description: 'Before the join window.' },
    OPEN: { description: 'Within the join window before the start: the join link is out to learners with a seat.' },
    LIVE: { description: 'Started, not yet over.' },
    ENDED: { description: 'Over; the recording, when there is one, is out to entitled learners.' },
  },
});

@ObjectType({ description: 'The schedule of a LIVE lesson.' })
export class LiveSession {
  @Field()
  startsAt: Date;

  @Field(() => Int)
  durationMinutes: number;

  @Field({ description: 'IANA time zone the creator scheduled in (e.g. Asia/Shanghai), for local times.' })
  timeZone: string;

  @Field(() => Int, { nullable: true, description: 'Seats; null: no limit.' })
  capacity: number | null;
}

@InputType({ description: 'Creates or changes the schedule; a new start time resets the reminder.' })
export class ScheduleLiveSessionInput {
  @Field(() => ID)
  lessonId: string;

  @Field({ description: 'In the future.' })
  startsAt: Date;

  @Field(() => Int, { description: '5 to 1440.' })
  durationMinutes: number;

  @Field({ description: 'IANA time zone, e.g. Asia/Shanghai or Europe/Berlin.' })
  timeZone: string;

  @Field({ description: 'Where learners join (a meeting link); only entitled learners with a seat see it, shortly before the start.' })
  joinUrl: string;

  @Field(() => Int, { nullable: true, description: '1 to 100000 seats; null or omitted: no limit.' })
  capacity?: number | null;
}

@ObjectType()
export class LiveSessionPayload {
  @Field(() => Lesson, { nullable: true })
  lesson?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@ObjectType({ simpleResolvers: true })
export class LiveSessionStartingEvent {
  @Field(() => Lesson)
  lesson: object;

  @Field()
  startsAt: Date;
}

/** What travels over pub/sub when a live session's join window opens. */
export interface LiveSessionMessage {
  lessonId: string;
  startsAt: string;
}

export const liveSessionTopic = (courseId: string) => `live-session:${courseId}`;
