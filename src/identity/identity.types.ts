import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../common/errors';
import { Node } from '../common/node';
import { ConnectionType } from '../common/pagination';
import { BrandPalette, BrandPaletteInput } from '../palette/palette.types';
import { Role } from './user.entity';

registerEnumType(Role, { name: 'Role' });

@ObjectType({ implements: Node })
export class User extends Node {
  @Field(() => [Role])
  roles: Role[];

  @Field()
  createdAt: Date;
}

export const UserConnection = ConnectionType(User, 'User');

@ObjectType({ simpleResolvers: true })
export class Profile {
  @Field()
  handle: string;

  @Field()
  displayName: string;

  @Field(() => String, { nullable: true })
  avatarUrl: string | null;

  @Field(() => [String], { description: 'Topics the user follows; also feeds recommendations.' })
  interests: string[];

  @Field({ description: 'The language Knowpay writes mail to this user in: en or zh.' })
  locale: string;

  @Field(() => BrandPalette, { nullable: true, description: "Creator brand colors used by storefronts to theme the creator's pages." })
  palette: BrandPalette | null;
}

/** The signed-in caller's own entry point. Resolved from the user id alone. */
@ObjectType()
export class Viewer {
  userId: string;
}

@ObjectType()
export class UserPayload {
  @Field(() => User, { nullable: true })
  user?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@ObjectType()
export class AuthPayload {
  @Field(() => String, { nullable: true })
  token?: string | null;

  @Field(() => Viewer, { nullable: true })
  viewer?: Viewer | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@InputType()
export class SignUpInput {
  @Field()
  email: string;

  @Field()
  password: string;

  @Field()
  displayName: string;

  @Field(() => String, { nullable: true })
  handle?: string | null;

  @Field(() => String, { nullable: true, description: 'The language of mail: "en" (default) or "zh".' })
  locale?: string | null;
}

@InputType()
export class UpdateProfileInput {
  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => String, { nullable: true })
  bio?: string | null;

  @Field(() => String, { nullable: true })
  avatarUrl?: string | null;

  @Field(() => [String], { nullable: true })
  interests?: string[] | null;

  @Field(() => BrandPaletteInput, { nullable: true })
  palette?: BrandPaletteInput | null;

  @Field(() => String, { nullable: true, description: 'The language of mail: "en" or "zh".' })
  locale?: string | null;
}

@ObjectType({ simpleResolvers: true })
export class ProfilePayload {
  @Field(() => Profile, { nullable: true })
  profile?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}
