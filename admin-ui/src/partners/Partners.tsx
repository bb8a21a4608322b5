import { Alert, Button, Stack, TextField as MuiTextField, Typography } from '@mui/material';
import { useState } from 'react';
import {
  ArrayField,
  Create,
  Datagrid,
  DateField,
  List,
  NumberField,
  NumberInput,
  Show,
  SimpleForm,
  SimpleShowLayout,
  TextField,
  TextInput,
  minValue,
  required,
  useRecordContext,
} from 'react-admin';
import { ChipsField } from '../shared/fields';
import { useAdminAction } from '../use-admin-action';

const KEY = 'apiKey { id label prefix scopes createdAt lastUsedAt revokedAt } secret errors { code message }';
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { ${KEY} } }`;
const REVOKE_KEY = `mutation($id: ID!) { revokeApiKey(id: $id) { ${KEY} } }`;

export function PartnerList() {
  return (
    <List title="Partners" exporter={false}>
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="name" sortable={false} />
        <NumberField source="commissionRate" label="Commission" options={{ style: 'percent' }} sortable={false} />
      </Datagrid>
    </List>
  );
}

/** The API takes a rate from 0 to below 1 (a partner keeping the whole price earns the creator nothing). */
const belowOne = (value: unknown) => (typeof value === 'number' && value >= 1 ? 'Must be below 1 (0.15 is 15%).' : undefined);

export function PartnerCreate() {
  return (
    <Create title="New partner" redirect="show">
      <SimpleForm>
        <TextInput source="name" validate={required()} />
        <NumberInput source="commissionRate" label="Commission rate (0..1)" step={0.01} validate={[required(), minValue(0), belowOne]} />
      </SimpleForm>
    </Create>
  );
}

function RevokeKeyButton() {
  const key = useRecordContext();
  const { run, running } = useAdminAction();
  if (!key || key.revokedAt) return null;
  return (
    <Button size="small" color="error" disabled={running} onClick={() => run(REVOKE_KEY, { id: key.id }, 'revokeApiKey', 'Key revoked.')}>
      Revoke
    </Button>
  );
}

/** A new key's secret is shown once, here, right after it is created. */
function NewKeyForm() {
  const partner = useRecordContext();
  const { run, running } = useAdminAction();
  const [label, setLabel] = useState('');
  const [scopes, setScopes] = useState('catalog:read sales:write');
  const [secret, setSecret] = useState<string | null>(null);
  if (!partner) return null;
  async function create() {
    const result = await run(
      CREATE_KEY,
      { input: { partnerId: partner!.id, label: label.trim(), scopes: scopes.split(/[\s,]+/).filter(Boolean) } },
      'createApiKey',
      'Key created.',
    );
    if (!result?.secret) return;
    setSecret(result.secret);
    setLabel('');
  }
  return (
    <Stack spacing={1} sx={{ mt: 2 }}>
      <Typography variant="subtitle1">New API key</Typography>
      <Stack direction="row" spacing={1}>
        <MuiTextField size="small" label="Label" value={label} onChange={(e) => setLabel(e.target.value)} />
        <MuiTextField size="small" label="Scopes" value={scopes} onChange={(e) => setScopes(e.target.value)} />
        <Button variant="contained" disabled={running || !label.trim()} onClick={create}>
          Create key
        </Button>
      </Stack>
      {secret && (
        <Alert severity="warning">
          Copy the secret now; it is not shown again: <code>{secret}</code>
        </Alert>
      )}
    </Stack>
  );
}

export function PartnerShow() {
  return (
    <Show title="Partner">
      <SimpleShowLayout>
        <TextField source="name" />
        <NumberField source="commissionRate" label="Commission" options={{ style: 'percent' }} />
        <ArrayField source="apiKeys" label="API keys">
          <Datagrid bulkActionButtons={false} rowClick={false}>
            <TextField source="label" />
            <TextField source="prefix" />
            <ChipsField source="scopes" label="Scopes" sortable={false} />
            <DateField source="createdAt" showTime />
            <DateField source="lastUsedAt" label="Last used" showTime emptyText="never" />
            <DateField source="revokedAt" label="Revoked" showTime emptyText="—" />
            <RevokeKeyButton />
          </Datagrid>
        </ArrayField>
        <NewKeyForm />
      </SimpleShowLayout>
    </Show>
  );
}
