import { TPipe } from '../../core/i18n/t.pipe';
import { LoadStateComponent } from './load-state.component';
import { PageHeaderComponent } from './page-header.component';

/**
 * What every data page (a header, then what it loads, with its loading, error and empty states) imports:
 * spread into the component's `imports` next to its own pieces.
 */
export const DATA_PAGE_IMPORTS = [TPipe, LoadStateComponent, PageHeaderComponent] as const;
