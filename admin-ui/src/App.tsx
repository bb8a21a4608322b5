import { Admin, Resource } from 'react-admin';
import { authProvider, isAdmin } from './auth-provider';
import { AuditLog } from './audit/AuditLog';
import { CategoryCreate, CategoryEdit, CategoryList } from './catalog/Categories';
import { OrderList } from './commerce/Orders';
import { RefundList, RefundShow } from './commerce/Refunds';
import { StatementList, StatementShow } from './commerce/Statements';
import { CourseEdit, CourseList } from './courses/Courses';
import { Dashboard } from './dashboard/Dashboard';
import { dataProvider } from './data-provider';
import { ModerationCaseShow } from './moderation/ModerationCaseShow';
import { ModerationQueue } from './moderation/ModerationQueue';
import { InvoiceList, InvoiceShow } from './partners/Invoices';
import { PartnerCreate, PartnerList, PartnerShow } from './partners/Partners';
import { UserEdit, UserList } from './users/Users';

/**
 * Moderators see the queue and courses; admins see everything. The server
 * enforces the same rules (FORBIDDEN), the menu only follows them.
 */
export function App() {
  return (
    <Admin title="Knowpay admin" dataProvider={dataProvider} authProvider={authProvider} dashboard={Dashboard} requireAuth disableTelemetry>
      {(permissions: unknown) => [
        <Resource key="moderationCases" name="moderationCases" options={{ label: 'Moderation queue' }} list={ModerationQueue} show={ModerationCaseShow} />,
        <Resource key="courses" name="courses" list={CourseList} edit={CourseEdit} />,
        ...(isAdmin(permissions)
          ? [
              <Resource key="users" name="users" list={UserList} edit={UserEdit} />,
              <Resource key="categories" name="categories" list={CategoryList} create={CategoryCreate} edit={CategoryEdit} />,
              <Resource key="orders" name="orders" list={OrderList} />,
              <Resource key="refunds" name="refunds" options={{ label: 'Refunds' }} list={RefundList} show={RefundShow} />,
              <Resource key="creatorStatements" name="creatorStatements" options={{ label: 'Statements' }} list={StatementList} show={StatementShow} />,
              <Resource key="partners" name="partners" list={PartnerList} show={PartnerShow} create={PartnerCreate} />,
              <Resource key="partnerInvoices" name="partnerInvoices" options={{ label: 'Invoices' }} list={InvoiceList} show={InvoiceShow} />,
              <Resource key="auditEntries" name="auditEntries" options={{ label: 'Audit log' }} list={AuditLog} />,
            ]
          : []),
      ]}
    </Admin>
  );
}
