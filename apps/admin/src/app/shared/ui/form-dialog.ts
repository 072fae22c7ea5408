import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TPipe } from '../../core/i18n/t.pipe';
import { FORM_FIELD_DEFAULTS } from './form-field-defaults';

/**
 * What every dialog with a reactive form needs (action, bulk action, visit and enterprise forms): spread into
 * the component's `imports` next to its own pieces.
 */
export const FORM_DIALOG_IMPORTS = [
  ReactiveFormsModule,
  MatDialogModule,
  MatButtonModule,
  MatFormFieldModule,
  MatInputModule,
  TPipe,
] as const;

/**
 * The form fields' defaults for such a dialog, as its `providers`: a dialog hangs off the root injector, not
 * the route's, so it does not see the route's (see FORM_FIELD_DEFAULTS).
 */
export const FORM_DIALOG_PROVIDERS = FORM_FIELD_DEFAULTS;
