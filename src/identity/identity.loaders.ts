import { uniqueRowLoader } from '../db/row-loaders';
import { ProfileEntity } from './profile.entity';
import { UserEntity } from './user.entity';

export const userById = uniqueRowLoader(UserEntity, 'id');
export const profileByUserId = uniqueRowLoader(ProfileEntity, 'userId');
