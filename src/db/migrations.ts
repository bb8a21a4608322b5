import { Foundation1732300000000 } from '../../migrations/1732300000000-Foundation';
import { Models1732330000000 } from '../../migrations/1732330000000-Models';

/** Every migration, oldest first. The TypeORM CLI and the server both read this list. */
export const migrations = [Foundation1732300000000, Models1732330000000];
