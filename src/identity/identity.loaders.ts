import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { oneByKey } from '../common/loader-results';
import { defineLoader } from '../server/context';
import { ProfileEntity } from './profile.entity';
import { UserEntity } from './user.entity';

export const userById = defineLoader((ctx) =>
  new DataLoader<string, UserEntity | null>(async (ids) =>
    oneByKey(await ctx.db.getRepository(UserEntity).findBy({ id: In([...ids]) }), ids, (u) => u.id)));

export const profileByUserId = defineLoader((ctx) =>
  new DataLoader<string, ProfileEntity | null>(async (ids) =>
    oneByKey(await ctx.db.getRepository(ProfileEntity).findBy({ userId: In([...ids]) }), ids, (p) => p.userId)));
