import { Datagrid, DateField, List, TextField, TextInput, useRecordContext } from 'react-admin';
import { ExcerptField, PersonField } from '../shared/fields';

/** The entry's `data` (a JSON string) as compact "key: value" text. */
function AuditDataField(_: { label?: string }) {
  const record = useRecordContext();
  if (!record?.data) return <span>—</span>;
  let text = String(record.data);
  try {
    text = Object.entries(JSON.parse(text) as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join('; ');
  } catch {
    // not JSON: shown as stored
  }
  return (
    <span title={String(record.data)} style={{ whiteSpace: 'pre-wrap' }}>
      {text}
    </span>
  );
}

const filters = [
  <TextInput key="action" source="action" label="Action (e.g. moderation.resolve)" alwaysOn />,
  <TextInput key="subjectId" source="subjectId" label="Subject ID" alwaysOn />,
];

/** Every recorded decision, newest first, filtered by action and subject. */
export function AuditLog() {
  return (
    <List title="Audit log" filters={filters} perPage={50} exporter={false}>
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <DateField source="at" showTime sortable={false} />
        <PersonField source="actor" label="Actor" sortable={false} />
        <TextField source="action" sortable={false} />
        <TextField source="subjectType" label="Subject" sortable={false} />
        <ExcerptField source="subjectId" label="Subject ID" length={16} sortable={false} />
        <AuditDataField label="Details" />
      </Datagrid>
    </List>
  );
}
