import { Alert, Button, Stack, TextField as MuiTextField } from '@mui/material';
import { useState } from 'react';
import {
  CheckboxGroupInput,
  Datagrid,
  DateField,
  Edit,
  EmailField,
  List,
  SaveButton,
  SearchInput,
  SelectInput,
  SimpleForm,
  TextField,
  Toolbar,
  useRecordContext,
} from 'react-admin';
import { RESOURCES } from '../resources';
import { ChipsField, choicesOf } from '../shared/fields';
import { useAdminAction } from '../use-admin-action';

export const ROLES = ['LEARNER', 'CREATOR', 'MODERATOR', 'ADMIN', 'PARTNER'] as const;

const USER = RESOURCES.users.selection;
const BAN_USER = `mutation($userId: ID!, $note: String) { banUser(userId: $userId, note: $note) { user { ${USER} } errors { code message } } }`;
const UNBAN_USER = `mutation($userId: ID!) { unbanUser(userId: $userId) { user { ${USER} } errors { code message } } }`;

const filters = [
  <SearchInput key="q" source="q" placeholder="Email, handle or name" alwaysOn />,
  <SelectInput key="role" source="role" choices={choicesOf(ROLES)} alwaysOn />,
];

export function UserList() {
  return (
    <List title="Users" filters={filters} exporter={false}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="profile.displayName" label="Name" sortable={false} />
        <TextField source="profile.handle" label="Handle" sortable={false} />
        <EmailField source="email" sortable={false} />
        <ChipsField source="roles" label="Roles" sortable={false} />
        <DateField source="bannedAt" label="Banned" showTime sortable={false} emptyText="—" />
        <DateField source="createdAt" label="Joined" sortable={false} />
      </Datagrid>
    </List>
  );
}

/** Ban (with a note for the audit log) or lift a ban; a ban also ends the user's sessions. */
function BanControls() {
  const record = useRecordContext();
  const { run, running } = useAdminAction();
  const [note, setNote] = useState('');
  if (!record) return null;
  async function ban() {
    // the note belongs to this ban only: left in the field it would go out again with a later one
    if (await run(BAN_USER, { userId: record!.id, note: note.trim() || null }, 'banUser', 'User banned.')) setNote('');
  }
  if (record.bannedAt) {
    return (
      <Stack spacing={1} sx={{ mt: 2 }}>
        <Alert severity="warning">Banned since {new Date(String(record.bannedAt)).toLocaleString()}.</Alert>
        <Button variant="outlined" disabled={running} onClick={() => run(UNBAN_USER, { userId: record.id }, 'unbanUser', 'Ban lifted.')}>
          Lift ban
        </Button>
      </Stack>
    );
  }
  return (
    <Stack direction="row" spacing={1} sx={{ mt: 2, alignItems: 'center' }}>
      <MuiTextField size="small" label="Ban note" value={note} onChange={(e) => setNote(e.target.value)} />
      <Button color="error" variant="contained" disabled={running} onClick={ban}>
        Ban user
      </Button>
    </Stack>
  );
}

const RolesToolbar = () => (
  <Toolbar>
    <SaveButton label="Save roles" />
  </Toolbar>
);

/** Roles are saved with setUserRoles (recorded as user.roles); bans with banUser/unbanUser. */
export function UserEdit() {
  return (
    <Edit title="User" mutationMode="pessimistic">
      <SimpleForm toolbar={<RolesToolbar />}>
        <TextField source="profile.displayName" label="Name" />
        <EmailField source="email" />
        <CheckboxGroupInput source="roles" choices={choicesOf(ROLES)} />
        <BanControls />
      </SimpleForm>
    </Edit>
  );
}
