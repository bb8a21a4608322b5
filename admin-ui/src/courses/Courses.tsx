import { Button, Stack, TextField as MuiTextField } from '@mui/material';
import { useState } from 'react';
import {
  Datagrid,
  DateField,
  Edit,
  List,
  NumberField,
  SearchInput,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  required,
  useRecordContext,
} from 'react-admin';
import { RESOURCES } from '../resources';
import { choicesOf, PersonField } from '../shared/fields';
import { useAdminAction } from '../use-admin-action';

const COURSE_STATUSES = ['DRAFT', 'PUBLISHED', 'ARCHIVED', 'SUSPENDED'] as const;
const COURSE = RESOURCES.courses.selection;
const SUSPEND = `mutation($id: ID!, $note: String) { suspendCourse(id: $id, note: $note) { course { ${COURSE} } errors { code message } } }`;
const REINSTATE = `mutation($id: ID!) { reinstateCourse(id: $id) { course { ${COURSE} } errors { code message } } }`;

const filters = [
  <SearchInput key="q" source="q" placeholder="Title, description, tags" alwaysOn />,
  <SelectInput key="status" source="status" choices={choicesOf(COURSE_STATUSES)} alwaysOn />,
];

export function CourseList() {
  return (
    <List title="Courses" filters={filters} exporter={false}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="title" sortable={false} />
        <PersonField source="creator" label="Creator" sortable={false} />
        <TextField source="status" sortable={false} />
        <NumberField source="enrollmentCount" label="Enrollments" sortable={false} />
        <NumberField source="quizPassRate" label="Quiz pass rate" options={{ style: 'percent', maximumFractionDigits: 0 }} emptyText="—" sortable={false} />
        <DateField source="publishedAt" label="Published" sortable={false} emptyText="—" />
        <DateField source="createdAt" label="Created" sortable={false} />
      </Datagrid>
    </List>
  );
}

/** Suspending hides a course from the catalog (with a note for the audit log); reinstating restores it. */
function SuspensionControls() {
  const record = useRecordContext();
  const { run, running } = useAdminAction();
  const [note, setNote] = useState('');
  if (!record) return null;
  if (record.status === 'SUSPENDED') {
    return (
      <Button variant="outlined" disabled={running} onClick={() => run(REINSTATE, { id: record.id }, 'reinstateCourse', 'Course reinstated.')}>
        Reinstate course
      </Button>
    );
  }
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <MuiTextField size="small" label="Suspension note" value={note} onChange={(e) => setNote(e.target.value)} />
      <Button
        color="error"
        variant="contained"
        disabled={running}
        onClick={() => run(SUSPEND, { id: record.id, note: note.trim() || null }, 'suspendCourse', 'Course suspended.')}
      >
        Suspend course
      </Button>
    </Stack>
  );
}

export function CourseEdit() {
  return (
    <Edit title="Course" mutationMode="pessimistic">
      <SimpleForm>
        <TextField source="status" />
        <TextInput source="title" validate={required()} fullWidth />
        <TextInput source="subtitle" fullWidth />
        <TextInput source="description" multiline minRows={4} fullWidth />
        <SuspensionControls />
      </SimpleForm>
    </Edit>
  );
}
