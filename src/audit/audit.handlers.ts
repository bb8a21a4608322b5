import { onEvent } from '../kernel/transaction';
import { recordAudit } from './audit-log';

/** Every edit of a course (its text, sections, lessons, quizzes, live sessions) is in the audit log, committed with the edit. */
onEvent('CourseEdited', 'in-transaction', 'audit: course edits', async (event, { tx }) => {
  await recordAudit(tx.manager, {
    actorId: event.actorId,
    action: event.change,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    data: { courseId: event.courseId, ...event.data },
  });
});

onEvent('CategoryChanged', 'in-transaction', 'audit: category changes', async (event, { tx }) => {
  await recordAudit(tx.manager, {
    actorId: event.actorId,
    action: `category.${event.change}`,
    subjectType: 'Category',
    subjectId: event.categoryId,
    data: event.data,
  });
});

onEvent('AccountDeleted', 'in-transaction', 'audit: account deletions', async (event, { tx }) => {
  await recordAudit(tx.manager, { actorId: event.userId, action: 'user.delete', subjectType: 'User', subjectId: event.userId });
});
