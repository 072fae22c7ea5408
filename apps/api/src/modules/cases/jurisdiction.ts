/**
 * The jurisdiction rule ("this user may see this case", DESIGN §6) lives in the data layer with the ledger's
 * filters (`@taizhang/db` cases/ledger-filter), where the list, the downloads and the worker's exports share it.
 */
export { caseVisibility } from '@taizhang/db';
