import base, { rawSqlOnlyInDataLayer } from '../../eslint.config.mjs';

export default [...base, rawSqlOnlyInDataLayer(import.meta.url)];
