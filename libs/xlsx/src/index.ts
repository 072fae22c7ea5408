export * from './xlsx';
export * from './heap-growth';
export * from './ledger-workbook';
