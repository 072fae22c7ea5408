export * from './shared/result';
export * from './case/case.types';
export * from './case/case.permissions';
export * from './case/case.state-machine';
export * from './enterprise/credit-code';
export * from './ledger/ledger-number';
export * from './deadline/deadline-policy';
export * from './notification/notification';
