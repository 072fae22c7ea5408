// moved to modules/reference (issue 16: shared reference data has its own module); re-export kept for
// in-flight branches — the lead removes it after the merge.
export { ReferenceCache } from '../reference/reference-cache.service';
