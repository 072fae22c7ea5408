import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';
import { en } from './app/core/i18n/en';
import { registerDictionary } from './app/core/i18n/i18n.service';

setupZonelessTestEnv({ errorOnUnknownElements: true, errorOnUnknownProperties: true });

// The app loads en on demand (a lazy chunk); the unit tests switch languages synchronously.
registerDictionary('en', en);
