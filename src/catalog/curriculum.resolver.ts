import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { payload } from '../common/payload';
import { toGlobalId } from '../common/global-id';
import type { DomainContext } from '../kernel/context';
import { CoursePayload, LessonPayload } from './catalog.types';
import {
  DeleteLessonPayload,
  DeleteSectionPayload,
  MoveLessonInput,
  MoveSectionInput,
  SectionPayload,
  UpdateLessonInput,
  UpdateSectionInput,
} from './curriculum.types';
import * as lessons from './lesson-editor.service';
import * as sections from './section-editor.service';

/** Editing a course's outline: the course's creator or an admin (FORBIDDEN for others). Every edit is audited. */
@Resolver()
export class CurriculumResolver {
  @Authorized()
  @Mutation(() => LessonPayload)
  updateLesson(@Arg('input') input: UpdateLessonInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => lessons.updateLesson(ctx, input),
      (lesson) => ({ lesson }),
    );
  }

  @Authorized()
  @Mutation(() => LessonPayload, { description: 'Within its section or into another section of the same course.' })
  moveLesson(@Arg('input') input: MoveLessonInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => lessons.moveLesson(ctx, input),
      (lesson) => ({ lesson }),
    );
  }

  @Authorized()
  @Mutation(() => DeleteLessonPayload, { description: 'Refused (CONFLICT) once a learner completed the lesson: archive it instead.' })
  deleteLesson(@Arg('id', () => ID) id: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => lessons.deleteLesson(ctx, id),
      (r) => ({ deletedLessonId: toGlobalId('Lesson', r.deletedLessonId), section: r.section }),
    );
  }

  @Authorized()
  @Mutation(() => LessonPayload, { description: 'Takes the lesson out of the outline and of what completion counts; progress and certificates stay.' })
  archiveLesson(@Arg('id', () => ID) id: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => lessons.setLessonArchived(ctx, id, true),
      (lesson) => ({ lesson }),
    );
  }

  @Authorized()
  @Mutation(() => LessonPayload)
  restoreLesson(@Arg('id', () => ID) id: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => lessons.setLessonArchived(ctx, id, false),
      (lesson) => ({ lesson }),
    );
  }

  @Authorized()
  @Mutation(() => SectionPayload, { description: 'Title and scheduled release (drip).' })
  updateSection(@Arg('input') input: UpdateSectionInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => sections.updateSection(ctx, input),
      (section) => ({ section }),
    );
  }

  @Authorized()
  @Mutation(() => CoursePayload)
  moveSection(@Arg('input') input: MoveSectionInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => sections.moveSection(ctx, input),
      (course) => ({ course }),
    );
  }

  @Authorized()
  @Mutation(() => DeleteSectionPayload, { description: 'With its lessons; refused (CONFLICT) once a learner completed one of them.' })
  deleteSection(@Arg('id', () => ID) id: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => sections.deleteSection(ctx, id),
      (r) => ({ deletedSectionId: toGlobalId('Section', r.deletedSectionId), course: r.course }),
    );
  }
}
