// The data-exchange-gateway database for the TypeORM CLI, e.g.
//   DATABASE_URL=postgres://... npx typeorm -d dist/services/data-exchange-gateway/src/data-source.js migration:show
import { createCliDataSource } from '@dpi/service-kit';

import { migrations } from './migrations';

export default createCliDataSource({ migrations });
