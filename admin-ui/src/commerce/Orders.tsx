import { Datagrid, DateField, List, SelectInput, TextField } from 'react-admin';
import { choicesOf, MoneyField, PersonField } from '../shared/fields';

const ORDER_STATUSES = ['PENDING_PAYMENT', 'PAID', 'PARTIALLY_REFUNDED', 'REFUNDED', 'CANCELED', 'FAILED'] as const;

const filters = [<SelectInput key="status" source="status" choices={choicesOf(ORDER_STATUSES)} alwaysOn />];

export function OrderList() {
  return (
    <List title="Orders" filters={filters} exporter={false}>
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <TextField source="code" sortable={false} />
        <PersonField source="buyer" label="Buyer" sortable={false} />
        <TextField source="status" sortable={false} />
        <MoneyField source="total" label="Total" sortable={false} />
        <MoneyField source="refundedTotal" label="Refunded" sortable={false} />
        <DateField source="createdAt" label="Created" showTime sortable={false} />
        <DateField source="paidAt" label="Paid" showTime sortable={false} emptyText="—" />
      </Datagrid>
    </List>
  );
}
