import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Issued when a learner completes every lesson of a course.' })
export class Certificate {
  @Field({ description: 'Unguessable verification code (192 random bits, URL-safe).' })
  code: string;

  @Field()
  issuedAt: Date;
}
