import { Button, Stack } from '@mui/material';
import {
  BooleanInput,
  Create,
  Datagrid,
  DateField,
  Edit,
  List,
  NumberField,
  NumberInput,
  Pagination,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  minValue,
  regex,
  required,
  useGetList,
  useRecordContext,
} from 'react-admin';
import { RESOURCES } from '../resources';
import { useAdminAction } from '../use-admin-action';

const CATEGORY = RESOURCES.categories.selection;
const ARCHIVE = `mutation($id: ID!) { archiveCategory(id: $id) { category { ${CATEGORY} } errors { code message } } }`;
const RESTORE = `mutation($id: ID!) { restoreCategory(id: $id) { category { ${CATEGORY} } errors { code message } } }`;
const SLUG = regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Lowercase letters, digits and single hyphens, like data-science.');

const filters = [<BooleanInput key="includeArchived" source="includeArchived" label="Show archived" alwaysOn />];

/** Categories in storefront order: each top-level one followed by its subcategories. */
export function CategoryList() {
  return (
    <List title="Categories" filters={filters} exporter={false} perPage={100} pagination={<Pagination rowsPerPageOptions={[25, 50, 100]} />}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="nameZh" label="Chinese" sortable={false} />
        <TextField source="nameEn" label="English" sortable={false} />
        <TextField source="slug" sortable={false} />
        <TextField source="parent.nameEn" label="Parent" emptyText="—" sortable={false} />
        <NumberField source="position" sortable={false} />
        <DateField source="archivedAt" label="Archived" emptyText="—" sortable={false} />
      </Datagrid>
    </List>
  );
}

/** Parents are top-level categories (one level of nesting), never the category itself. */
function ParentInput() {
  const record = useRecordContext();
  const { data } = useGetList('categories', { pagination: { page: 1, perPage: 100 }, filter: {} });
  const choices = (data ?? []).filter((c) => !c.parent && c.id !== record?.id).map((c) => ({ id: c.id, name: `${c.nameZh} ${c.nameEn}` }));
  return <SelectInput source="parent.id" label="Parent" choices={choices} emptyText="(top level)" />;
}

function CategoryFields() {
  return (
    <>
      <TextInput source="nameZh" label="Chinese name" validate={required()} />
      <TextInput source="nameEn" label="English name" validate={required()} />
      <TextInput source="slug" validate={[required(), SLUG]} helperText="Used in storefront URLs and course filters." />
      <ParentInput />
      <NumberInput source="position" validate={minValue(1)} helperText="Order among its siblings; empty puts it last." />
    </>
  );
}

export function CategoryCreate() {
  return (
    <Create title="New category" redirect="list">
      <SimpleForm>
        <CategoryFields />
      </SimpleForm>
    </Create>
  );
}

/** Archiving is refused while courses are filed under the category; the API's message says how many. */
function ArchiveControls() {
  const record = useRecordContext();
  const { run, running } = useAdminAction();
  if (!record) return null;
  return (
    <Stack direction="row" spacing={1}>
      {record.archivedAt ? (
        <Button variant="outlined" disabled={running} onClick={() => run(RESTORE, { id: record.id }, 'restoreCategory', 'Category restored.')}>
          Restore category
        </Button>
      ) : (
        <Button color="error" variant="outlined" disabled={running} onClick={() => run(ARCHIVE, { id: record.id }, 'archiveCategory', 'Category archived.')}>
          Archive category
        </Button>
      )}
    </Stack>
  );
}

export function CategoryEdit() {
  return (
    <Edit title="Category" mutationMode="pessimistic">
      <SimpleForm>
        <CategoryFields />
        <ArchiveControls />
      </SimpleForm>
    </Edit>
  );
}
